using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Dns.Server;

/// <summary>
/// A UDP socket served by a fixed number of receive loops, each with its own buffers: the loop count is the
/// concurrency bound, and memory stays at two small buffers per loop whatever the load.
/// </summary>
internal sealed class DnsUdpListener : IDisposable
{
    private const int ReceiveBufferSize = 8192;
    private const int SocketBufferSize = 4 * 1024 * 1024;

    private readonly Socket _socket;
    private Task[] _loops = [];

    public DnsUdpListener(IPEndPoint endpoint)
    {
        _socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.ReceiveBufferSize = SocketBufferSize;
            _socket.Bind(endpoint);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndpoint = (IPEndPoint)_socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndpoint { get; }

    public void Start(DnsQueryProcessor processor, int concurrency, ILogger logger, CancellationToken stopping)
    {
        _loops = [.. Enumerable.Range(0, Math.Max(1, concurrency)).Select(_ => Task.Run(() => ReceiveLoopAsync(processor, logger, stopping), CancellationToken.None))];
    }

    /// <summary>Waits for the loops to end (the caller cancels their token first), then closes the socket.</summary>
    public async Task StopAsync()
    {
        // Closing first would pull the socket from under a send in flight; the cancelled token ends every loop.
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();

    private async Task ReceiveLoopAsync(DnsQueryProcessor processor, ILogger logger, CancellationToken stopping)
    {
        var request = new byte[ReceiveBufferSize];
        var response = new byte[ushort.MaxValue];
        var remote = new SocketAddress(_socket.AddressFamily);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(request, SocketFlags.None, remote, stopping).ConfigureAwait(false);
                var length = processor.Process(request.AsSpan(0, received), response, DnsTransport.Udp);
                if (length > 0)
                {
                    // A UDP send completes at once; a cancellable send racing the stop has been seen to throw
                    // NullReferenceException inside Socket, so the send is not tied to the stop token.
                    await _socket.SendToAsync(response.AsMemory(0, length), SocketFlags.None, remote, CancellationToken.None).ConfigureAwait(false);
                }
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

                // A client that went away (ICMP unreachable) or an oversized datagram: keep serving the others.
                DnsServerLog.UdpError(logger, exception);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                // Whatever else goes wrong with one datagram must not end the loop: log it and serve the next.
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                DnsServerLog.UdpError(logger, exception);
            }
        }
    }
}
