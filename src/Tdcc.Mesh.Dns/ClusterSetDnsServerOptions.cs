using System.Net;

namespace Tdcc.Mesh.Dns;

/// <summary>Listener settings. The defaults suit a sidecar in a member cluster; tests use port 0.</summary>
public sealed record ClusterSetDnsServerOptions
{
    /// <summary>The address both listeners bind.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port both listeners bind; 0 picks a free port (the same one for UDP and TCP).</summary>
    public int Port { get; init; } = 53;

    /// <summary>How many UDP datagrams are processed at once (one receive loop each).</summary>
    public int UdpConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>The largest UDP answer, whatever the client's EDNS buffer size says (1232 avoids IP fragmentation, DNS flag day 2020).</summary>
    public int MaxUdpPayload { get; init; } = 1232;

    /// <summary>How many TCP connections are served at once; more are closed at accept.</summary>
    public int MaxTcpConnections { get; init; } = 128;

    /// <summary>How long a TCP connection may sit idle between queries (RFC 7766 6.2.3 suggests seconds).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
