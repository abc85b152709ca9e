using System.Net;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns;

/// <summary>A running <c>clusterset.local</c> DNS server; dispose (or stop) to close both listeners.</summary>
public interface IClusterSetDnsServer : IAsyncDisposable
{
    /// <summary>The bound UDP endpoint (with the real port when 0 was asked for).</summary>
    IPEndPoint UdpEndpoint { get; }

    /// <summary>The bound TCP endpoint.</summary>
    IPEndPoint TcpEndpoint { get; }

    /// <summary>The zone being served.</summary>
    IClusterSetZone Zone { get; }

    /// <summary>Replaces the zone atomically.</summary>
    void UpdateZone(ZoneSnapshot snapshot);

    /// <summary>Stops accepting, lets queries in flight finish, and closes the sockets.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
