using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>
/// DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message is preceded by a 2-octet length; a connection
/// carries any number of queries, answered in order, until the client closes it or it idles out. Connections
/// over the cap are closed at accept.
/// </summary>
internal sealed class DnsTcpListener : IDisposable
{
    private const int LengthPrefix = 2;

    private readonly Socket _socket;
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private int _open;
    private Task _acceptLoop = Task.CompletedTask;

    public DnsTcpListener(IPEndPoint endpoint)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _socket.Bind(endpoint);
            _socket.Listen(512);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndpoint { get; }

    /// <summary>The number of connections being served.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public void Start(DnsQueryProcessor processor, ClusterSetDnsServerOptions options, DnsServerMetrics metrics, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        _acceptLoop = Task.Run(() => AcceptLoopAsync(processor, options, metrics, time, logger, stopping), CancellationToken.None);
    }

    /// <summary>Closes the listening socket and waits for the accept loop and every connection (the caller cancels their token first).</summary>
    public async Task StopAsync()
    {
        await _acceptLoop.ConfigureAwait(false);
        _socket.Close();
        await Task.WhenAll(_connections.Keys).ConfigureAwait(false);
    }

    public void Dispose() => _socket.Dispose();

    private async Task AcceptLoopAsync(DnsQueryProcessor processor, ClusterSetDnsServerOptions options, DnsServerMetrics metrics, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException exception)
            {
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                DnsServerLog.AcceptError(logger, exception);
                continue;
            }

            if (Interlocked.Increment(ref _open) > options.MaxTcpConnections)
            {
                Interlocked.Decrement(ref _open);
                metrics.RejectedConnection();
                DnsServerLog.TcpConnectionRejected(logger, client.RemoteEndPoint, options.MaxTcpConnections);
                client.Dispose();
                continue;
            }

            var connection = ServeAsync(client, processor, options.TcpIdleTimeout, time, logger, stopping);
            _connections.TryAdd(connection, 0);
            _ = connection.ContinueWith(done => _connections.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket client, DnsQueryProcessor processor, TimeSpan idleTimeout, TimeProvider time, ILogger logger, CancellationToken stopping)
    {
        await Task.Yield();
        var remote = client.RemoteEndPoint;
        var request = ArrayPool<byte>.Shared.Rent(DnsWireLimits.MaxTcpMessage);
        var response = ArrayPool<byte>.Shared.Rent(LengthPrefix + DnsWireLimits.MaxTcpMessage);
        try
        {
            client.NoDelay = true;
            var stream = new NetworkStream(client, ownsSocket: true);
            await using var streamScope = stream.ConfigureAwait(false);
            using var idle = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, idle.Token);
            while (true)
            {
                // The idle clock restarts for every message and also bounds a client that reads its answers slowly.
                idle.CancelAfter(idleTimeout);
                if (await stream.ReadAtLeastAsync(request.AsMemory(0, LengthPrefix), LengthPrefix, throwOnEndOfStream: false, linked.Token).ConfigureAwait(false) < LengthPrefix)
                {
                    return;
                }

                var length = BinaryPrimitives.ReadUInt16BigEndian(request);
                if (length > 0 && await stream.ReadAtLeastAsync(request.AsMemory(0, length), length, throwOnEndOfStream: false, linked.Token).ConfigureAwait(false) < length)
                {
                    return;
                }

                var written = processor.Process(request.AsSpan(0, length), response.AsSpan(LengthPrefix, DnsWireLimits.MaxTcpMessage), DnsTransport.Tcp);
                if (written == 0)
                {
                    continue;
                }

                BinaryPrimitives.WriteUInt16BigEndian(response, (ushort)written);
                await stream.WriteAsync(response.AsMemory(0, LengthPrefix + written), linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Idle timeout or server stop: the connection just closes.
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException)
        {
            DnsServerLog.TcpConnectionError(logger, exception, remote);
        }
        finally
        {
            client.Dispose();
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
            Interlocked.Decrement(ref _open);
        }
    }
}
