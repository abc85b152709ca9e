namespace Tdcc.Mesh.Grpc.Client;

/// <summary>A bidirectional-streaming call in progress: write and read concurrently.</summary>
public interface IDuplexStreamingCall<in TRequest, out TResponse> : IGrpcCall
    where TRequest : class
    where TResponse : class
{
    /// <summary>The request messages; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> when done.</summary>
    IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response messages; the end of the stream means status OK, a failure throws <see cref="Status.RpcException"/>.</summary>
    IAsyncStreamReader<TResponse> ResponseStream { get; }
}
