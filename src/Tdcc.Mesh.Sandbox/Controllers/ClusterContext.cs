using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>What the simulated controllers of one cluster know about it: its name, address plan, node names and the network its pods and ClusterIPs live in.</summary>
internal sealed record ClusterContext(string Name, AddressPlan Addresses, IReadOnlyList<string> NodeNames, IClusterNetwork Network)
{
    /// <summary>The field manager and user agent of the simulated controllers.</summary>
    public const string FieldManager = FieldManagers.Sandbox;
}
