using System.Collections.Immutable;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>
/// Everything one east-west gateway needs to carry traffic, as plain data: the imported service ports it serves to
/// its own cluster's clients (<see cref="Outbound"/>), the exported service ports it delivers to from the tunnels
/// (<see cref="Inbound"/>), and the other clusters' gateways (<see cref="Peers"/>). A gateway receives it from the
/// hub's xDS server (docs/gateway.md "From xDS") and swaps it in whole on every update; tests build it directly.
/// </summary>
public sealed record GatewayConfiguration
{
    /// <summary>The gateway's own member cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>An opaque version of this configuration (the xDS versions it was made from), for status and logs.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>One entry per imported service port, each on its own listener port.</summary>
    public ImmutableArray<OutboundPort> Outbound { get; init; } = [];

    /// <summary>One entry per service port this cluster exports: what a tunnelled request or connection may reach.</summary>
    public ImmutableArray<InboundPort> Inbound { get; init; } = [];

    /// <summary>The gateways of the other member clusters (a cluster absent here is not a member: its peers are refused).</summary>
    public ImmutableArray<PeerGateway> Peers { get; init; } = [];
}
