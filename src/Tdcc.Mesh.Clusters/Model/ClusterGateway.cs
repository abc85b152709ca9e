using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary>
/// <c>status.gateway</c> of a ManagedCluster: where the member's east-west gateway is dialled by the other members'
/// gateways, as its agent reports it. An empty <see cref="Address"/> means no one can dial it (behind NAT).
/// </summary>
public sealed record ClusterGateway
{
    /// <summary>The gateway's IP address or DNS name; empty behind NAT.</summary>
    public string? Address { get; init; }

    /// <summary>The gateway's mutual-TLS tunnel port.</summary>
    public int? Port { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
