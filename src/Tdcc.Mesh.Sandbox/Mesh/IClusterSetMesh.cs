namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The mesh a sandbox runs next to its clusters: cluster registration and MCS on the hub, an agent and a
/// <c>clusterset.local</c> DNS server per member, and one xDS server for the clusterset.
/// </summary>
public interface IClusterSetMesh
{
    /// <summary>Each member's clusterset DNS server, <c>ip:port</c> (UDP and TCP), by member name.</summary>
    IReadOnlyDictionary<string, string> Dns { get; }

    /// <summary>The xDS (ADS, h2c) server of the clusterset, e.g. <c>http://127.0.0.1:41235</c>; clients set <c>node.cluster</c> to their member's name.</summary>
    Uri Xds { get; }

    /// <summary>
    /// Each member's east-west gateway's HTTP endpoint (status, metrics, health) as the host reaches it, by member name;
    /// empty where the members need no gateways (loopback and routed layouts).
    /// </summary>
    IReadOnlyDictionary<string, Uri> Gateways { get; }
}
