using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Reads response messages of a streaming call.</summary>
internal sealed class ResponseStreamReader<TRequest, TResponse>(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>, new()
{
    private TResponse? _current;

    public TResponse Current => _current ?? throw new InvalidOperationException("No current message: call MoveNextAsync first.");

    public async ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default)
    {
        // Clear first so a finished stream doesn't keep the last message alive.
        _current = null;
        _current = await call.ReadNextResponseAsync(cancellationToken).ConfigureAwait(false);
        return _current is not null;
    }
}
