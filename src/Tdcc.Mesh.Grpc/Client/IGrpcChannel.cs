using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>
/// Calls gRPC methods on one address over HTTP/2 (h2c for <c>http://</c>, TLS for <c>https://</c>).
/// Thread-safe; create one per address and reuse it. Failures surface as <see cref="Status.RpcException"/>.
/// </summary>
public interface IGrpcChannel : IDisposable
{
    /// <summary>The server address.</summary>
    Uri Address { get; }

    /// <summary>Sends one request and returns the one response.</summary>
    Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new();

    /// <summary>Sends one request and reads a stream of responses.</summary>
    IServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new();

    /// <summary>Writes a stream of requests and reads the one response.</summary>
    IClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new();

    /// <summary>Writes and reads streams concurrently.</summary>
    IDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new();
}
