using System.Threading.Channels;
using Tdcc.Mesh.Grpc;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// The bounded send queue of one stream: the stream's loop enqueues, one pump writes to the client. When the queue is
/// full the loop waits (backpressure), so a slow client holds at most <c>capacity</c> responses in memory.
/// </summary>
internal sealed class ResponseQueue<T> : IAsyncDisposable
    where T : class
{
    private readonly Channel<T> _channel;

    public ResponseQueue(IAsyncStreamWriter<T> writer, int capacity, WriteGate gate, CancellationToken cancellationToken)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        Completion = PumpAsync(writer, gate, cancellationToken);
    }

    /// <summary>Completes when the pump stops: faulted when writing to the client failed.</summary>
    public Task Completion { get; }

    public ValueTask EnqueueAsync(T message, CancellationToken cancellationToken) => _channel.Writer.WriteAsync(message, cancellationToken);

    /// <summary>Stops accepting messages and waits until the queued ones are written (or writing fails).</summary>
    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException or IOException or Grpc.Status.RpcException)
        {
            // The client is gone; the stream is ending anyway and the failure has been reported through Completion.
        }
    }

    private async Task PumpAsync(IAsyncStreamWriter<T> writer, WriteGate gate, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var message in _channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await gate.WriteAsync(writer, message, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            // Unblock an enqueuer waiting on a full queue, then let the stream loop see the failure.
            _channel.Writer.TryComplete(ex);
            throw;
        }
    }
}
