using System.Collections.Immutable;

namespace Tdcc.Mesh.Gateway.Status;

/// <summary>A snapshot of what a gateway is doing, for <c>tdcc gateway status</c>.</summary>
/// <param name="Cluster">The gateway's own cluster (empty before the first configuration).</param>
/// <param name="ConfigurationVersion">The version of the configuration in force.</param>
/// <param name="CertificateNotAfter">When the gateway's own certificate expires (null before the first one).</param>
/// <param name="TunnelEndPoint">The tunnel listener's address.</param>
/// <param name="Peers">The tunnel to each peer gateway.</param>
/// <param name="Listeners">The outbound listener ports.</param>
/// <param name="Destinations">Requests and errors per destination service since start.</param>
/// <param name="Denials">Refusals by network policies since start (null: none).</param>
public sealed record GatewayStatus(
    string Cluster,
    string ConfigurationVersion,
    DateTimeOffset? CertificateNotAfter,
    string TunnelEndPoint,
    ImmutableArray<PeerStatus> Peers,
    ImmutableArray<ListenerStatus> Listeners,
    ImmutableArray<DestinationStatus> Destinations,
    ImmutableArray<PolicyDenialStatus>? Denials = null)
{
    /// <summary>In ingress mode: the ingress listener ports accepting (docs/ingress.md); empty otherwise.</summary>
    public ImmutableArray<int> IngressPorts { get; init; } = [];

    /// <summary>In ingress mode: the version of the ingress configuration in force.</summary>
    public string IngressVersion { get; init; } = string.Empty;
}
