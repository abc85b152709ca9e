using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// A TCP listener that relays every connection it accepts to a backend: the first of the candidates that
/// <see cref="PickBackends"/> names for the client which accepts the connection. Listens in one network and dials in
/// another (or the same), so it serves both a cluster's ClusterIPs and the host's servers exposed on the underlay.
/// Closing it refuses new connections at once; open ones go on until <see cref="DisposeAsync"/>.
/// </summary>
internal sealed partial class TcpRelay : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);

    private readonly Socket _listener;
    private readonly IClusterNetwork _dialNetwork;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<int, (Socket Client, Socket? Upstream)> _open = new();
    private readonly Task _accepting;
    private int _nextId;
    private int _closed;

    private TcpRelay(Socket listener, IClusterNetwork dialNetwork, Func<IPEndPoint, IReadOnlyList<IPEndPoint>> pickBackends, ILogger logger)
    {
        _listener = listener;
        _dialNetwork = dialNetwork;
        PickBackends = pickBackends;
        _logger = logger;
        Endpoint = (IPEndPoint)listener.LocalEndPoint!;
        _accepting = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where it listens.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The backends to try for a client, in order (empty: the connection is closed at once).</summary>
    public Func<IPEndPoint, IReadOnlyList<IPEndPoint>> PickBackends { get; set; }

    /// <summary>How many relayed connections are open.</summary>
    public int OpenConnections => _open.Count;

    /// <summary>Binds <paramref name="endpoint"/> in <paramref name="listenNetwork"/> and starts accepting.</summary>
    public static TcpRelay Start(IPEndPoint endpoint, IClusterNetwork listenNetwork, IClusterNetwork dialNetwork, Func<IPEndPoint, IReadOnlyList<IPEndPoint>> pickBackends, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(listenNetwork);
        var socket = listenNetwork.CreateSocket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            socket.Listen(512);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new TcpRelay(socket, dialNetwork, pickBackends, logger);
    }

    /// <summary>Stops accepting: new connections are refused; open ones go on.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _listener.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Close();
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var (client, upstream) in _open.Values)
        {
            client.Dispose();
            upstream?.Dispose();
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(Socket client)
    {
        var id = Interlocked.Increment(ref _nextId);
        _open[id] = (client, null);
        Socket? upstream = null;
        try
        {
            client.NoDelay = true;
            var remote = (IPEndPoint)client.RemoteEndPoint!;
            foreach (var backend in PickBackends(remote))
            {
                upstream = await ConnectAsync(backend).ConfigureAwait(false);
                if (upstream is not null)
                {
                    break;
                }
            }

            if (upstream is null)
            {
                LogNoBackend(_logger, Endpoint, remote);
                client.LingerState = new LingerOption(true, 0);
                return;
            }

            _open[id] = (client, upstream);
            await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // A peer went away; both sides are closed below.
        }
        finally
        {
            _open.TryRemove(id, out _);
            client.Dispose();
            upstream?.Dispose();
        }
    }

    private async Task<Socket?> ConnectAsync(IPEndPoint backend)
    {
        var socket = _dialNetwork.CreateSocket(backend.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(backend, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            LogConnectFailed(_logger, Endpoint, backend, e.Message);
            socket.Dispose();
            return null;
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stopping.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stopping.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side reset or the relay stops: end the other direction too.
            from.Dispose();
            to.Dispose();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(EventId = 7410, Level = LogLevel.Debug, Message = "Relay {Frontend}: no backend accepted the connection from {Client}; closed")]
    private static partial void LogNoBackend(ILogger logger, IPEndPoint frontend, IPEndPoint client);

    [LoggerMessage(EventId = 7411, Level = LogLevel.Debug, Message = "Relay {Frontend}: backend {Backend} refused: {Error}")]
    private static partial void LogConnectFailed(ILogger logger, IPEndPoint frontend, IPEndPoint backend, string error);
}
