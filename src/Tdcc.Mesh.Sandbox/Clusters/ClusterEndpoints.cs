using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>How to reach one cluster of a running sandbox (an entry of <c>endpoints.json</c>).</summary>
public sealed record ClusterEndpoints
{
    public required string Name { get; init; }

    /// <summary><c>hub</c> or <c>member</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The API server URL.</summary>
    public required string ApiServer { get; init; }

    /// <summary>Where pod IPs come from; null for the hub.</summary>
    public string? PodCidr { get; init; }

    /// <summary>Where service ClusterIPs come from.</summary>
    public required string ServiceCidr { get; init; }

    /// <summary>The member's network namespace (<c>ip netns exec</c>); null in the loopback layout and for the hub.</summary>
    public string? Namespace { get; init; }

    /// <summary>The router's end of the member's link to the underlay (what <c>tdcc sandbox fault</c> acts on).</summary>
    public string? Link { get; init; }

    /// <summary>The member's address on the underlay.</summary>
    public string? Underlay { get; init; }

    /// <summary>Filled by later components: the clusterset DNS server, xDS server, gateway and metrics endpoints.</summary>
    public string? Dns { get; init; }

    public string? Xds { get; init; }

    public string? Gateway { get; init; }

    public string? Metrics { get; init; }

    [JsonExtensionData]
    public Dictionary<string, System.Text.Json.JsonElement>? Extra { get; set; }
}
