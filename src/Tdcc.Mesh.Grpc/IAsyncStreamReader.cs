namespace Tdcc.Mesh.Grpc;

/// <summary>Reads the messages of a streaming call one at a time, on the server (requests) and the client (responses).</summary>
public interface IAsyncStreamReader<out T>
    where T : class
{
    /// <summary>The message read by the last successful <see cref="MoveNextAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">No message has been read, or the stream has ended.</exception>
    T Current { get; }

    /// <summary>Advances to the next message; false at the end of the stream.</summary>
    /// <exception cref="Status.RpcException">The call failed, or a frame was malformed.</exception>
    ValueTask<bool> MoveNextAsync(CancellationToken cancellationToken = default);
}
