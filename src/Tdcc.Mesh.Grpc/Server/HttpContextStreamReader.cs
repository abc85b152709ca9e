using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Reads request messages from the request body of a client-streaming or bidirectional call.</summary>
internal sealed class HttpContextStreamReader<T>(HttpServerCallContext call, IMessageDecoder<T> decoder) : IAsyncStreamReader<T>
    where T : class
{
    private T? _current;

    public T Current => _current ?? throw new InvalidOperationException("No current message: call MoveNextAsync first.");

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        // The call's own token (what long-lived streams pass) needs no linked source per message.
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != call.CancellationToken
            ? CancellationTokenSource.CreateLinkedTokenSource(call.CancellationToken, cancellationToken)
            : null;
        var token = linked?.Token ?? call.CancellationToken;

        // Clear first so a finished stream doesn't keep the last message alive.
        _current = null;
        _current = await GrpcMessageReader
            .ReadMessageAsync(call.HttpContext.Request.BodyReader, decoder, call.ReadOptions, token)
            .ConfigureAwait(false);
        return _current is not null;
    }
}
