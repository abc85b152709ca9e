using System.Net.Sockets;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>
/// Copies bytes both ways between a client and an upstream until both directions end. A direction's end is passed on
/// as a half-close when its target is a socket; a tunnel stream cannot be half-closed from here, so its end closes
/// the whole relay.
/// </summary>
internal static class StreamRelay
{
    /// <summary>Relays; returns the bytes sent to the client and received from it.</summary>
    public static async Task<(long Sent, long Received)> RunAsync(Stream client, Stream upstream, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = CopyAsync(client, upstream, stop);
        var sent = CopyAsync(upstream, client, stop);
        await Task.WhenAll(received, sent).ConfigureAwait(false);
        return (sent.Result, received.Result);
    }

    // A busy direction keeps one pooled buffer; an idle one holds as little as it can: after a read that did not fill
    // the buffer, the buffer goes back to the pool and the next wait is a zero-byte read (sockets and HttpClient's
    // HTTP/2 response streams complete it only when data arrives) into a small buffer; a read that fills the small
    // buffer moves to the large one. A stream that answers zero-byte reads at once then waits holding the small buffer.
    private const int SmallBuffer = 4 * 1024;
    private const int LargeBuffer = 64 * 1024;

    private static async Task<long> CopyAsync(Stream from, Stream to, CancellationTokenSource stop)
    {
        byte[]? buffer = null;
        long total = 0;
        try
        {
            while (true)
            {
                if (buffer is null)
                {
                    await from.ReadAsync(Memory<byte>.Empty, stop.Token).ConfigureAwait(false);
                    buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(SmallBuffer);
                }

                var read = await from.ReadAsync(buffer, stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token).ConfigureAwait(false);
                await to.FlushAsync(stop.Token).ConfigureAwait(false);
                total += read;
                if (read < buffer.Length || buffer.Length < LargeBuffer)
                {
                    // Idle again (or busy: move up to the large buffer on the next read).
                    var busy = read == buffer.Length;
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = busy ? System.Buffers.ArrayPool<byte>.Shared.Rent(LargeBuffer) : null;
                }
            }

            if (to is NetworkStream network)
            {
                network.Socket.Shutdown(SocketShutdown.Send);
            }
            else
            {
                await stop.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException or HttpRequestException)
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            if (buffer is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return total;
    }
}
