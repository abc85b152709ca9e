using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// On a gateway no one can dial (behind NAT, <see cref="GatewayServerOptions.ReverseTunnels"/>): keeps
/// <c>connections</c> reverse tunnels open to every peer that has an address. Each is its own mutual-TLS HTTP/2
/// connection to the peer's tunnel port (dialled and judged as any tunnel, <see cref="TunnelClientPool.DialAsync"/>)
/// carrying one extended CONNECT stream, <c>:protocol</c> <see cref="TunnelProtocol.ReverseProtocol"/>; on that stream
/// this gateway serves HTTP/2 (<see cref="ReverseTunnelServer"/>). A tunnel that ends or cannot be opened is dialled
/// again after an exponential backoff with jitter (from <c>backoffBase</c>, at most <c>backoffMax</c>; back to the
/// base once a tunnel was open).
/// </summary>
internal sealed class ReverseTunnelDialer(
    TunnelClientPool pool,
    ReverseTunnelServer server,
    StatusTracker status,
    int connections,
    TimeSpan connectTimeout,
    TimeSpan backoffBase,
    TimeSpan backoffMax,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private readonly Dictionary<string, Loop> _loops = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private bool _stopped;
    private volatile bool _draining;

    /// <summary>Dials no more reverse tunnels; those open stay until they end (the gateway drains).</summary>
    public void StopDialling() => _draining = true;

    /// <summary>Follows the peer set: a reverse tunnel to every peer with an address, redialled when the address changes.</summary>
    public void Apply(IEnumerable<PeerGateway> peers)
    {
        var stale = new List<Loop>();
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            var wanted = peers.Where(p => !string.IsNullOrEmpty(p.Address)).ToDictionary(p => p.Cluster, StringComparer.Ordinal);
            foreach (var (cluster, loop) in _loops.ToList())
            {
                if (!wanted.TryGetValue(cluster, out var peer) || peer.Address != loop.Peer.Address || peer.Port != loop.Peer.Port)
                {
                    _loops.Remove(cluster);
                    stale.Add(loop);
                }
            }

            foreach (var peer in wanted.Values)
            {
                if (!_loops.ContainsKey(peer.Cluster))
                {
                    var stop = new CancellationTokenSource();
                    var tasks = Enumerable.Range(0, Math.Max(1, connections)).Select(_ => Task.Run(() => RunAsync(peer, stop.Token))).ToArray();
                    _loops[peer.Cluster] = new Loop(peer, stop, Task.WhenAll(tasks));
                }
            }
        }

        foreach (var loop in stale)
        {
            _ = loop.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Loop> loops;
        lock (_lock)
        {
            _stopped = true;
            loops = [.. _loops.Values];
            _loops.Clear();
        }

        await Task.WhenAll(loops.Select(l => l.StopAsync())).ConfigureAwait(false);
    }

    private async Task RunAsync(PeerGateway peer, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested && !_draining)
        {
            var opened = false;
            string reason;
            try
            {
                opened = await RunOnceAsync(peer, () => opened = true, cancellationToken).ConfigureAwait(false);
                reason = "the connection ended";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
            {
                reason = e.GetBaseException().Message;
            }

            if (cancellationToken.IsCancellationRequested || _draining)
            {
                return;
            }

            failures = opened ? 0 : failures + 1;
            if (!opened)
            {
                status.ReverseFailed(peer.Cluster, reason);
            }

            var delay = Backoff(failures);
            GatewayLog.ReverseRedial(logger, peer.Cluster, reason, delay);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var exponential = backoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        var capped = Math.Min(exponential, backoffMax.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() / 2)));
    }

    // One reverse tunnel: dial, ask, serve until it ends. True when it was open.
    private async Task<bool> RunOnceAsync(PeerGateway peer, Action opened, CancellationToken cancellationToken)
    {
        X509Certificate2? peerCertificate = null;
        using var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectTimeout = connectTimeout,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,

            // A silent connection (a cut link) is given up within seconds and dialled again.
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectCallback = async (context, token) =>
            {
                var tls = await pool.DialAsync(peer.Cluster, context.DnsEndPoint, token).ConfigureAwait(false);
                peerCertificate = tls.RemoteCertificate as X509Certificate2 ?? (tls.RemoteCertificate is { } c ? X509CertificateLoader.LoadCertificate(c.GetRawCertData()) : null);
                return tls;
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Connect, new UriBuilder(Uri.UriSchemeHttp, peer.Address, peer.Port).Uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Protocol = TunnelProtocol.ReverseProtocol;
        request.Headers.Host = TunnelProtocol.ReverseAuthority;
        using var response = await invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK || peerCertificate is null)
        {
            throw new HttpRequestException($"peer {peer.Cluster} answered {(int)response.StatusCode} to the reverse tunnel");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            opened();
            var open = status.ReverseOpened(peer.Cluster);
            GatewayLog.ReverseOpened(logger, peer.Cluster, peer.Address!, peer.Port, open);
            try
            {
                await server.ServeAsync(stream, peerCertificate, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                status.ReverseClosed(peer.Cluster, cancellationToken.IsCancellationRequested ? "stopped" : "the connection ended");
            }
        }

        return true;
    }

    private sealed record Loop(PeerGateway Peer, CancellationTokenSource Stop, Task Running)
    {
        public async Task StopAsync()
        {
            await Stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await Running.ConfigureAwait(false);
            }
            finally
            {
                Stop.Dispose();
            }
        }
    }
}
