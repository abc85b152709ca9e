using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Dns.Server;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns;

/// <summary>Starts the <c>clusterset.local</c> DNS server of a member cluster.</summary>
public static class ClusterSetDnsServer
{
    /// <summary>The meter the server's instruments live on.</summary>
    public const string MeterName = DnsServerMetrics.MeterName;

    /// <summary>
    /// Binds UDP and TCP on <see cref="ClusterSetDnsServerOptions.Address"/> and <see cref="ClusterSetDnsServerOptions.Port"/>
    /// and starts answering from <paramref name="initialZone"/>. Binding errors (port in use, no permission) throw
    /// <see cref="System.Net.Sockets.SocketException"/>.
    /// </summary>
    public static IClusterSetDnsServer Start(
        ClusterSetDnsServerOptions options,
        ZoneSnapshot initialZone,
        ILoggerFactory? loggerFactory = null,
        IMeterFactory? meterFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(initialZone);
        ArgumentOutOfRangeException.ThrowIfNotEqual(options.Port is >= 0 and <= ushort.MaxValue, true, nameof(options));
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Tdcc.Mesh.Dns");
        var metrics = new DnsServerMetrics(meterFactory);
        try
        {
            return new DnsServerHost(options, initialZone, logger, metrics, timeProvider ?? TimeProvider.System);
        }
        catch
        {
            metrics.Dispose();
            throw;
        }
    }
}
