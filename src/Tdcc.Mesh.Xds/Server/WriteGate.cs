using Tdcc.Mesh.Grpc;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Bounds how many responses all streams together are writing at once. A push to thousands of streams then holds
/// only a few responses in transport buffers at a time instead of one per stream (and the transport's buffer pool
/// does not keep that peak afterwards). A write counts for at most <c>holdLimit</c>: a client that stops reading
/// keeps its own stream waiting (backpressure) but cannot hold the gate for the others.
/// </summary>
internal sealed class WriteGate : IDisposable
{
    private static readonly TimeSpan DefaultHoldLimit = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim? _slots;
    private readonly TimeSpan _holdLimit;
    private readonly TimeProvider _timeProvider;

    public WriteGate(int limit, TimeProvider timeProvider, TimeSpan? holdLimit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _slots = limit > 0 ? new SemaphoreSlim(limit, limit) : null;
        _timeProvider = timeProvider;
        _holdLimit = holdLimit ?? DefaultHoldLimit;
    }

    public async ValueTask WriteAsync<T>(IAsyncStreamWriter<T> writer, T message, CancellationToken cancellationToken)
        where T : class
    {
        if (_slots is null)
        {
            await writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        Task write;
        try
        {
            var pending = writer.WriteAsync(message, cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                return;
            }

            write = pending.AsTask();
            try
            {
                await write.WaitAsync(_holdLimit, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // A slow reader: let the others write while this one waits on its own.
            }
        }
        finally
        {
            _slots.Release();
        }

        await write.ConfigureAwait(false);
    }

    public void Dispose() => _slots?.Dispose();
}
