namespace Tdcc.Mesh.Grpc;

/// <summary>Writes the messages of a streaming call. Only one write may be in progress at a time.</summary>
public interface IAsyncStreamWriter<in T>
    where T : class
{
    /// <summary>Frames, writes and flushes one message.</summary>
    /// <exception cref="InvalidOperationException">Another write is still in progress, or the stream is complete.</exception>
    ValueTask WriteAsync(T message, CancellationToken cancellationToken = default);
}
