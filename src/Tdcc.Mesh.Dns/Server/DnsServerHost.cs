using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>The UDP and TCP listeners on one address and port, sharing one zone and one query processor.</summary>
internal sealed class DnsServerHost : IClusterSetDnsServer
{
    private const int EphemeralBindAttempts = 20;

    private readonly CancellationTokenSource _stopping = new();
    private readonly DnsUdpListener _udp;
    private readonly DnsTcpListener _tcp;
    private readonly DnsServerMetrics _metrics;
    private readonly ILogger _logger;
    private int _stopped;

    public DnsServerHost(ClusterSetDnsServerOptions options, ZoneSnapshot initialZone, ILogger logger, DnsServerMetrics metrics, TimeProvider time)
    {
        _logger = logger;
        _metrics = metrics;
        Zone = new ClusterSetZone(initialZone);
        (_udp, _tcp) = Bind(options);
        Processor = new DnsQueryProcessor(Zone, metrics, options.MaxUdpPayload, time, logger);
        _udp.Start(Processor, options.UdpConcurrency, logger, _stopping.Token);
        _tcp.Start(Processor, options, metrics, time, logger, _stopping.Token);
        DnsServerLog.Started(logger, initialZone.Options.Zone, UdpEndpoint, TcpEndpoint);
    }

    public IPEndPoint UdpEndpoint => _udp.LocalEndpoint;

    public IPEndPoint TcpEndpoint => _tcp.LocalEndpoint;

    public IClusterSetZone Zone { get; }

    private DnsQueryProcessor Processor { get; }

    internal int OpenTcpConnections => _tcp.OpenConnections;

    public void UpdateZone(ZoneSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Zone.Update(snapshot);
        DnsServerLog.ZoneUpdated(_logger, snapshot.Serial, snapshot.NameCount, snapshot.Rejected.Count);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_udp.StopAsync(), _tcp.StopAsync()).WaitAsync(cancellationToken).ConfigureAwait(false);
        DnsServerLog.Stopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _udp.Dispose();
        _tcp.Dispose();
        _metrics.Dispose();
        _stopping.Dispose();
    }

    // UDP and TCP share the port; with port 0 the TCP bind may find the UDP port taken, so try again.
    private static (DnsUdpListener Udp, DnsTcpListener Tcp) Bind(ClusterSetDnsServerOptions options)
    {
        for (var attempt = 1; ; attempt++)
        {
            var udp = new DnsUdpListener(new IPEndPoint(options.Address, options.Port));
            try
            {
                return (udp, new DnsTcpListener(new IPEndPoint(options.Address, udp.LocalEndpoint.Port)));
            }
            catch (SocketException exception) when (options.Port == 0 && attempt < EphemeralBindAttempts && exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                udp.Dispose();
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }
    }
}
