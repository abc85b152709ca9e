using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// The reverse tunnels this gateway holds (docs/gateway.md "Reverse tunnels"): a peer behind NAT dials this gateway's
/// tunnel port (mutual TLS as for any peer) and opens an extended CONNECT stream with <c>:protocol</c>
/// <see cref="TunnelProtocol.ReverseProtocol"/>; the stream is held here, and this gateway speaks HTTP/2 as the client
/// over it, so the peer's traffic (requests, CONNECT streams and probes) goes down the connection the peer opened.
/// One HTTP/2 client per peer; it uses one held stream at a time and takes the next when that one ends.
/// </summary>
internal sealed class ReverseTunnels(StatusTracker status, PeerHealth health, ILogger logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private int _disposed;

    /// <summary>The client for <paramref name="cluster"/>'s reverse tunnel; null when it holds none open.</summary>
    public TunnelClient? For(string cluster) => _peers.TryGetValue(cluster, out var peer) && peer.Open > 0 ? peer.Client : null;

    /// <summary>Holds <paramref name="stream"/> (a reverse tunnel from <paramref name="cluster"/>) until it ends, the peer goes, or this gateway stops.</summary>
    public async Task HoldAsync(string cluster, Stream stream, CancellationToken aborted)
    {
        if (_closing.IsCancellationRequested)
        {
            return;
        }

        var held = new HeldStream(stream);
        var peer = _peers.GetOrAdd(cluster, c => new Peer(c, CreateClient(c)));
        peer.Add(held);
        var open = status.ReverseOpened(cluster);
        GatewayLog.ReverseHeld(logger, cluster, open);
        try
        {
            using var closing = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token, peer.Gone);
            await held.Closed.WaitAsync(closing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The peer closed it, left the clusterset, or this gateway stops: returning ends the CONNECT stream.
        }
        finally
        {
            peer.Remove(held);
            var reason = aborted.IsCancellationRequested ? "the peer closed it" : _closing.IsCancellationRequested ? "this gateway stops" : "the connection over it ended";
            var left = status.ReverseClosed(cluster, reason);
            GatewayLog.ReverseReleased(logger, cluster, reason, left);
        }
    }

    /// <summary>Drops the reverse tunnels of clusters that are no longer peers.</summary>
    public void Retain(IEnumerable<PeerGateway> peers)
    {
        var keep = peers.Select(p => p.Cluster).ToHashSet(StringComparer.Ordinal);
        foreach (var cluster in _peers.Keys)
        {
            if (!keep.Contains(cluster) && _peers.TryRemove(cluster, out var peer))
            {
                peer.Dispose();
            }
        }
    }

    /// <summary>Ends every held reverse tunnel (the gateway stops).</summary>
    public void Close()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _closing.Cancel();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing.Cancel();
        foreach (var peer in _peers.Values)
        {
            peer.Dispose();
        }

        _peers.Clear();
        _closing.Dispose();
    }

    private TunnelClient CreateClient(string cluster)
    {
        var handler = new SocketsHttpHandler
        {
            // One connection at a time; other held streams wait as spares and take over when it ends.
            EnableMultipleHttp2Connections = false,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            KeepAlivePingDelay = TimeSpan.FromSeconds(2),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            ConnectCallback = (_, _) => _peers.TryGetValue(cluster, out var peer) && peer.Take() is { } held
                ? ValueTask.FromResult<Stream>(held)
                : throw new HttpRequestException(HttpRequestError.ConnectionError, $"no reverse tunnel from cluster {cluster} (it is behind NAT and has none open)"),
        };
        var prefix = new UriBuilder(Uri.UriSchemeHttp, "reverse." + cluster + ".invalid").Uri;
        return new TunnelClient(cluster, prefix, new PeerDownHandler(cluster, health, handler), TunnelDirection.Reverse);
    }

#pragma warning disable CA1001 // _gone is cancelled, not disposed (see Dispose)
    private sealed class Peer(string cluster, TunnelClient client) : IDisposable
#pragma warning restore CA1001
    {
        private readonly List<HeldStream> _held = [];
        private readonly CancellationTokenSource _gone = new();

        public string Cluster { get; } = cluster;

        public TunnelClient Client { get; } = client;

        public CancellationToken Gone => _gone.Token;

        public int Open
        {
            get
            {
                lock (_held)
                {
                    return _held.Count(h => !h.IsClosed);
                }
            }
        }

        public void Add(HeldStream held)
        {
            lock (_held)
            {
                _held.Add(held);
            }
        }

        public void Remove(HeldStream held)
        {
            lock (_held)
            {
                _held.Remove(held);
            }

            held.Dispose();
        }

        public HeldStream? Take()
        {
            lock (_held)
            {
                return _held.FirstOrDefault(h => h.TryTake());
            }
        }

        public void Dispose()
        {
            // The token source is not disposed: a HoldAsync may still link to it.
            _gone.Cancel();
            Client.Dispose();
        }
    }
}
