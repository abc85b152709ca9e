using System.Net;
using Google.Protobuf;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>A channel over one <see cref="HttpClient"/>; each call is one HTTP/2 stream.</summary>
internal sealed class HttpGrpcChannel : IGrpcChannel
{
    private readonly HttpClient _httpClient;

    public HttpGrpcChannel(Uri address, GrpcChannelOptions options)
    {
        Address = address;
        Options = options;
        var handler = options.HttpHandler ?? CreateHandler(options);
        _httpClient = new HttpClient(handler, disposeHandler: options.HttpHandler is null)
        {
            // Streams live as long as their callers want; deadlines are per call.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public Uri Address { get; }

    public GrpcChannelOptions Options { get; }

    public HttpClient HttpClient => _httpClient;

    public async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        using var call = new GrpcCall<TRequest, TResponse>(this, method, options, request, cancellationToken);
        return await call.ReadSingleResponseAsync().ConfigureAwait(false);
    }

    public IServerStreamingCall<TResponse> ServerStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, TRequest request, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        ArgumentNullException.ThrowIfNull(request);
        return new GrpcCall<TRequest, TResponse>(this, method, options, request, cancellationToken);
    }

    public IClientStreamingCall<TRequest, TResponse> ClientStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() =>
        new GrpcCall<TRequest, TResponse>(this, method, options, request: null, cancellationToken);

    public IDuplexStreamingCall<TRequest, TResponse> DuplexStreaming<TRequest, TResponse>(
        GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options = null, CancellationToken cancellationToken = default)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new() =>
        new GrpcCall<TRequest, TResponse>(this, method, options, request: null, cancellationToken);

    public void Dispose() => _httpClient.Dispose();

    private static SocketsHttpHandler CreateHandler(GrpcChannelOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            // More than MaxConcurrentStreams (usually 100) calls open a second connection instead of queueing.
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = options.KeepAlivePingDelay,
            KeepAlivePingTimeout = options.KeepAlivePingTimeout,
            KeepAlivePingPolicy = options.KeepAlivePingPolicy,
            ConnectTimeout = options.ConnectTimeout,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        if (options.SslOptions is not null)
        {
            handler.SslOptions = options.SslOptions;
        }

        return handler;
    }
}
