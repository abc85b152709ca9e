using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>The per-call state: deadline and cancellation, negotiated encodings, and message writing to the response.</summary>
internal sealed class HttpServerCallContext : IServerCallContext, IDisposable
{
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource _callSource;
    private readonly int _maxSendMessageSize;
    private readonly string? _responseEncoding;
    private Dictionary<string, string>? _responseTrailers;

    public HttpServerCallContext(
        HttpContext httpContext,
        string method,
        TimeSpan? timeout,
        TimeProvider timeProvider,
        GrpcReadOptions readOptions,
        int maxSendMessageSize,
        string? responseEncoding)
    {
        HttpContext = httpContext;
        Method = method;
        ReadOptions = readOptions;
        _maxSendMessageSize = maxSendMessageSize;
        _responseEncoding = responseEncoding;

        // A timeout too long for a timer is no deadline at all in practice.
        if (timeout is { } delay && delay < TimeSpan.FromMilliseconds(int.MaxValue - 1))
        {
            Deadline = timeProvider.GetUtcNow() + delay;
            _deadlineSource = new CancellationTokenSource(delay, timeProvider);
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, _deadlineSource.Token);
        }
        else
        {
            _callSource = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
        }
    }

    public string Method { get; }

    public string Peer => FormatPeer(HttpContext.Connection.RemoteIpAddress, HttpContext.Connection.RemotePort);

    public DateTimeOffset? Deadline { get; }

    public CancellationToken CancellationToken => _callSource.Token;

    public IHeaderDictionary RequestHeaders => HttpContext.Request.Headers;

    public IDictionary<string, string> ResponseTrailers => _responseTrailers ??= new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public HttpContext HttpContext { get; }

    public GrpcReadOptions ReadOptions { get; }

    /// <summary>True once the deadline has passed.</summary>
    public bool DeadlineExceeded => _deadlineSource?.IsCancellationRequested == true;

    /// <summary>True once the client went away (RST_STREAM or a closed connection).</summary>
    public bool ClientCancelled => HttpContext.RequestAborted.IsCancellationRequested;

    public IReadOnlyDictionary<string, string>? TrailersOrNull => _responseTrailers;

    /// <summary>Frames and flushes one response message.</summary>
    public async ValueTask WriteMessageAsync(IMessage message, CancellationToken cancellationToken)
    {
        var writer = HttpContext.Response.BodyWriter;
        GrpcFrameWriter.WriteMessage(writer, message, _maxSendMessageSize, _responseEncoding);
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        if (result.IsCanceled)
        {
            throw new OperationCanceledException("The response write was cancelled.", cancellationToken);
        }
    }

    public void Dispose()
    {
        _callSource.Dispose();
        _deadlineSource?.Dispose();
    }

    internal static string FormatPeer(IPAddress? address, int port) => address switch
    {
        null => "unknown",
        { AddressFamily: AddressFamily.InterNetworkV6 } => $"ipv6:[{address}]:{port}",
        _ => $"ipv4:{address}:{port}",
    };
}
