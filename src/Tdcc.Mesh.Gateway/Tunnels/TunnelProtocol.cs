namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>The wire conventions of the tunnels (docs/gateway.md "Tunnel").</summary>
internal static class TunnelProtocol
{
    /// <summary>The extended CONNECT <c>:protocol</c> of a TCP connection carried as one HTTP/2 stream.</summary>
    public const string TcpProtocol = "tdcc-tcp";

    /// <summary>The source cluster, set by the sending gateway and checked by the receiving one.</summary>
    public const string SourceClusterHeader = "x-tdcc-source-cluster";

    /// <summary>The source workload, when the sending gateway knows it.</summary>
    public const string SourceWorkloadHeader = "x-tdcc-source-workload";

    /// <summary>The source namespace, when the sending gateway knows it (network policies match it; never taken from a client).</summary>
    public const string SourceNamespaceHeader = "x-tdcc-source-namespace";

    /// <summary>Set by a receiving gateway on a response it made itself because nothing was delivered (safe to retry elsewhere).</summary>
    public const string GatewayErrorHeader = "x-tdcc-gateway-error";

    /// <summary>The <c>:authority</c> of a peer gateway's health probe, answered by the gateway itself (never a service: no <c>.svc.clusterset.local</c>).</summary>
    public const string HealthAuthority = "tdcc-gateway-health";

    /// <summary>The extended CONNECT <c>:protocol</c> by which a gateway behind NAT offers a peer a reverse tunnel: on the stream the roles flip (the peer is the HTTP/2 client).</summary>
    public const string ReverseProtocol = "tdcc-reverse";

    /// <summary>The <c>:authority</c> of a reverse tunnel's CONNECT, answered by the gateway itself.</summary>
    public const string ReverseAuthority = "tdcc-gateway-reverse";
}
