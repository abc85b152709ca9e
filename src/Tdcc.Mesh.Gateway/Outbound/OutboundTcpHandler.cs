using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Gateway.Tunnels;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// Serves a TCP connection accepted on an outbound listener port: tries the backend clusters in the selector's order,
/// a local pod directly or a CONNECT stream through the tunnel to the peer gateway, moving on when one cannot be
/// reached, and relays bytes both ways once one answers. A connection over the service's circuit breaker
/// (<see cref="CircuitBreakers"/>, <c>maxConnections</c>) is closed at once (response flag <c>UO</c>).
/// </summary>
internal sealed class OutboundTcpHandler(
    Func<GatewayConfiguration?> configuration,
    TunnelClientPool tunnels,
    TunnelConnector connector,
    TcpConnector local,
    BackendSelector selector,
    CircuitBreakers breakers,
    OutlierTracker outliers,
    GatewayMetrics metrics,
    StatusTracker status,
    TimeSpan connectTimeout,
    ILogger logger)
{
    public async Task HandleAsync(Socket client, OutboundPort port, CancellationToken cancellationToken)
    {
        var config = configuration();
        var own = config?.Cluster ?? string.Empty;
        var clientStream = new NetworkStream(client, ownsSocket: true);
        await using var owned = clientStream.ConfigureAwait(false);
        using var admission = breakers.EnterConnection(port.Service, port.Policy?.CircuitBreaker);
        if (admission is null)
        {
            // The service's connections are at the breaker's limit: closed at once, like Envoy's overflow.
            metrics.Overflowed(port.Service.Name + "." + port.Service.Namespace + ServiceKey.DomainSuffix, "connections");
            status.Counted(port.Service.Authority, error: true);
            metrics.TcpClosed(new TrafficLabels("source", own, "unknown", port.Service, false), "UO", 0, 0);
            return;
        }

        var first = true;
        foreach (var backend in selector.Order(port))
        {
            var remote = !string.Equals(backend.Cluster, own, StringComparison.Ordinal);
            Stream? upstream;
            string? error;
            if (remote)
            {
                var peer = config?.Peers.FirstOrDefault(p => string.Equals(p.Cluster, backend.Cluster, StringComparison.Ordinal));
                var tunnel = peer is null ? null : tunnels.For(peer);
                (upstream, error) = tunnel is null ? (null, "no tunnel to " + backend.Cluster) : Drop(await connector.ConnectAsync(tunnel, port.Service.Authority, own, connectTimeout, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                upstream = await local.ConnectAsync(port.Service, backend.Endpoints, cancellationToken).ConfigureAwait(false);
                error = upstream is null ? "no local endpoint accepted" : null;
            }

            if (upstream is null)
            {
                outliers.Failed(port.Service, backend.Cluster, port.Policy?.OutlierDetection);
                GatewayLog.BackendFailed(logger, backend.Cluster, port.Service.Authority, error ?? "unknown");
                if (!first)
                {
                    metrics.Retried(port.Service.Name + "." + port.Service.Namespace + ServiceKey.DomainSuffix, backend.Cluster);
                }

                first = false;
                continue;
            }

            outliers.Succeeded(port.Service, backend.Cluster);
            status.Counted(port.Service.Authority, error: false);
            var labels = new TrafficLabels("source", own, backend.Cluster, port.Service, remote);
            metrics.TcpOpened(labels);
            long sent = 0, received = 0;
            try
            {
                await using (upstream.ConfigureAwait(false))
                {
                    (sent, received) = await StreamRelay.RunAsync(clientStream, upstream, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is IOException or HttpRequestException or SocketException)
            {
                GatewayLog.RelayFailed(logger, port.Service.Authority, e);
            }
            finally
            {
                metrics.TcpClosed(labels, "-", sent, received);
            }

            return;
        }

        status.Counted(port.Service.Authority, error: true);
        metrics.TcpClosed(new TrafficLabels("source", own, "unknown", port.Service, false), "UH", 0, 0);
    }

    private static (Stream?, string?) Drop((Stream? Stream, string? Error, bool NothingDelivered) result) => (result.Stream, result.Error);
}
