namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Handles a unary call: one request, one response.</summary>
public delegate Task<TResponse> UnaryServerMethod<in TRequest, TResponse>(TRequest request, IServerCallContext context)
    where TRequest : class
    where TResponse : class;

/// <summary>Handles a server-streaming call: one request, a stream of responses.</summary>
public delegate Task ServerStreamingServerMethod<in TRequest, TResponse>(
    TRequest request, IServerStreamWriter<TResponse> responseStream, IServerCallContext context)
    where TRequest : class
    where TResponse : class;

/// <summary>Handles a client-streaming call: a stream of requests, one response.</summary>
public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, IServerCallContext context)
    where TRequest : class
    where TResponse : class;

/// <summary>Handles a bidirectional-streaming call: streams both ways, concurrently.</summary>
public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(
    IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, IServerCallContext context)
    where TRequest : class
    where TResponse : class;
