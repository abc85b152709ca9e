namespace Tdcc.Mesh.Grpc.Client;

/// <summary>A client-streaming call in progress.</summary>
public interface IClientStreamingCall<in TRequest, TResponse> : IGrpcCall
    where TRequest : class
    where TResponse : class
{
    /// <summary>The request messages; call <see cref="IClientStreamWriter{T}.CompleteAsync"/> when done.</summary>
    IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The single response; faults with <see cref="Status.RpcException"/> when the call fails.</summary>
    Task<TResponse> ResponseAsync { get; }
}
