namespace Tdcc.Mesh.Grpc.Client;

/// <summary>A server-streaming call in progress.</summary>
public interface IServerStreamingCall<out TResponse> : IGrpcCall
    where TResponse : class
{
    /// <summary>The response messages; the end of the stream means status OK, a failure throws <see cref="Status.RpcException"/>.</summary>
    IAsyncStreamReader<TResponse> ResponseStream { get; }
}
