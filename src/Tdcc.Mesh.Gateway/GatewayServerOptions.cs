using System.Net;

namespace Tdcc.Mesh.Gateway;

/// <summary>Where and how a <see cref="GatewayServer"/> listens. The rest comes from its configuration source.</summary>
public sealed record GatewayServerOptions
{
    /// <summary>The tunnel listener's address.</summary>
    public IPAddress TunnelAddress { get; init; } = IPAddress.Any;

    /// <summary>The tunnel listener's port (0: pick a free one, see <see cref="GatewayServer.TunnelEndPoint"/>).</summary>
    public int TunnelPort { get; init; } = 15443;

    /// <summary>Where the outbound listener ports bind.</summary>
    public IPAddress OutboundAddress { get; init; } = IPAddress.Any;

    /// <summary>Where the ingress listener ports bind (only when started with an ingress configuration source, docs/ingress.md).</summary>
    public IPAddress IngressAddress { get; init; } = IPAddress.Any;

    /// <summary>How long a connect to a peer gateway or a pod may take before the next backend is tried.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each peer gateway is probed over its tunnel (zero: no probes).</summary>
    public TimeSpan PeerProbeInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A peer whose gateway answered no probe for this long is down: tried last, and the safe requests waiting on it go elsewhere.</summary>
    public TimeSpan PeerDownAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long <see cref="GatewayServer.StopAsync"/> lets streams in flight finish before closing them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// This gateway cannot be dialled (behind NAT): it dials a reverse tunnel to every peer with an address and serves
    /// the peer's traffic on it (docs/gateway.md "Reverse tunnels"). Its own cluster is then advertised without an address.
    /// </summary>
    public bool ReverseTunnels { get; init; }

    /// <summary>Reverse tunnels kept open to each peer (the spares take over at once when one ends).</summary>
    public int ReverseConnectionsPerPeer { get; init; } = 1;

    /// <summary>The first wait before dialling a reverse tunnel again; it doubles with each failed dial (with jitter).</summary>
    public TimeSpan ReverseBackoffBase { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest wait between reverse tunnel dials.</summary>
    public TimeSpan ReverseBackoffMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent streams a peer may open on one tunnel connection (the client opens more connections beyond).</summary>
    public int MaxStreamsPerTunnelConnection { get; init; } = 1000;
}
