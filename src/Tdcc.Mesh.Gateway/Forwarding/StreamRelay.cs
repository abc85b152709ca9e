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

    private static async Task<long> CopyAsync(Stream from, Stream to, CancellationTokenSource stop)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        long total = 0;
        try
        {
            while (true)
            {
                var read = await from.ReadAsync(buffer, stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await to.WriteAsync(buffer.AsMemory(0, read), stop.Token).ConfigureAwait(false);
                await to.FlushAsync(stop.Token).ConfigureAwait(false);
                total += read;
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
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return total;
    }
}
