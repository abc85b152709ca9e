using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>What the simulated controllers of one cluster know about it: its name, address plan and node names.</summary>
internal sealed record ClusterContext(string Name, AddressPlan Addresses, IReadOnlyList<string> NodeNames)
{
    /// <summary>The field manager and user agent of the simulated controllers.</summary>
    public const string FieldManager = "tdcc-sandbox";
}
