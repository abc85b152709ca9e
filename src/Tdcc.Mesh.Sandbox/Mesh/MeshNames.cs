using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>Names the sandbox's mesh uses.</summary>
public static class MeshNames
{
    /// <summary>The clusterset every member joins.</summary>
    public const string ClusterSetName = "tdcc";

    /// <summary>
    /// The hub address the agents store with their credentials. The hub's API server port changes at every start, and an
    /// agent reuses stored credentials only for the same hub address, so agents know the hub by this stable name and
    /// dial its current address (the hub client factory given to <c>ClusterAgent.Start</c>).
    /// </summary>
    public static Uri StableHubAddress { get; } = new("http://hub.sandbox.tdcc.internal/");

    /// <summary>The clusterset DNS zone.</summary>
    public const string Zone = ClusterSetDomain.Name;

    /// <summary>The DNS name of an imported service.</summary>
    public static string ServiceName(string @namespace, string name) => $"{name}.{@namespace}.svc.{Zone}";
}
