using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Writes response messages of a server-streaming or bidirectional call, one write at a time.</summary>
internal sealed class HttpContextStreamWriter<T>(HttpServerCallContext call) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private int _writing;
    private volatile bool _completed;

    public async ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("Can't write the message: the call is complete.");
        }

        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            throw new InvalidOperationException("Can't write the message: the previous write is still in progress.");
        }

        try
        {
            // The call's own token (what long-lived streams pass) needs no linked source per message.
            using var linked = cancellationToken.CanBeCanceled && cancellationToken != call.CancellationToken
                ? CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, cancellationToken)
                : null;
            var token = linked?.Token ?? call.CancellationToken;
            token.ThrowIfCancellationRequested();
            await call.WriteMessageAsync(message, token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _writing, 0);
        }
    }

    /// <summary>Called when the handler returns: later writes fail instead of corrupting the response.</summary>
    public void Complete() => _completed = true;
}
