using System.Collections.ObjectModel;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Protocol;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>
/// One client call, any shape: sends the HTTP/2 request, reads framed responses, turns trailers (or a
/// trailers-only response, or an HTTP error) into the final status, and enforces the deadline locally.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse>
    : IServerStreamingCall<TResponse>, IClientStreamingCall<TRequest, TResponse>, IDuplexStreamingCall<TRequest, TResponse>, IRequestStreamOwner
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>, new()
{
    private const string UserAgent = "tdcc-mesh-grpc/1.0";
    private static IReadOnlyDictionary<string, string> NoMetadata => ReadOnlyDictionary<string, string>.Empty;

    private readonly HttpGrpcChannel _channel;
    private readonly GrpcMethod<TRequest, TResponse> _method;
    private readonly CancellationToken _userToken;
    private readonly CancellationTokenSource? _deadlineSource;
    private readonly CancellationTokenSource _callSource;
    private readonly PushStreamContent? _requestContent;
    private readonly Lazy<Task<TResponse>> _singleResponse;
    private readonly Lock _gate = new();
    private HttpResponseMessage? _response;
    private PipeReader? _responseBody;
    private GrpcReadOptions _readOptions;
    private GrpcStatus? _status;
    private IReadOnlyDictionary<string, string> _trailers = NoMetadata;
    private int _disposed;
    private readonly CancellationTokenRegistration _cancellationRegistration;

    public GrpcCall(
        HttpGrpcChannel channel, GrpcMethod<TRequest, TResponse> method, GrpcCallOptions? options, TRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        _channel = channel;
        _method = method;
        _userToken = cancellationToken;
        options ??= new GrpcCallOptions();
        _readOptions = new GrpcReadOptions(channel.Options.MaxReceiveMessageSize);
        RequestEncoding = channel.Options.CompressRequests ? GrpcProtocol.GzipEncoding : null;

        TimeSpan? timeout = null;
        if (options.Deadline is { } deadline)
        {
            timeout = deadline - channel.Options.TimeProvider.GetUtcNow();
            if (timeout <= TimeSpan.Zero)
            {
                timeout = TimeSpan.Zero;
            }

            _deadlineSource = timeout < TimeSpan.FromMilliseconds(int.MaxValue - 1)
                ? new CancellationTokenSource(timeout.Value, channel.Options.TimeProvider)
                : null;
        }

        _callSource = _deadlineSource is null
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _deadlineSource.Token);

        var httpRequest = CreateRequest(options, timeout);
        if (request is null)
        {
            _requestContent = new PushStreamContent();
            httpRequest.Content = _requestContent;
            RequestStream = new RequestStreamWriter<TRequest>(_requestContent, this);
        }
        else
        {
            var content = new ByteArrayContent(GrpcFrameWriter.ToFrame(request, MaxSendMessageSize, RequestEncoding));
            content.Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
            httpRequest.Content = content;
            RequestStream = null!;
        }

        ResponseStream = new ResponseStreamReader<TRequest, TResponse>(this);

        // Cancellation or the deadline must reset the HTTP/2 stream even when no read is pending.
        _cancellationRegistration = _callSource.Token.Register(
            static state => ((GrpcCall<TRequest, TResponse>)state!).OnCallCancelled(), this);
        ResponseHeadersAsync = SendAsync(httpRequest);
        _singleResponse = new Lazy<Task<TResponse>>(ReadSingleResponseAsync);
    }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public Task<IReadOnlyDictionary<string, string>> ResponseHeadersAsync { get; }

    public Task<TResponse> ResponseAsync => _singleResponse.Value;

    public int MaxSendMessageSize => _channel.Options.MaxSendMessageSize;

    public string? RequestEncoding { get; }

    public CancellationToken CallToken => _callSource.Token;

    public GrpcStatus GetStatus() => _status ?? throw new InvalidOperationException("The call has not finished.");

    public IReadOnlyDictionary<string, string> GetTrailers() =>
        _status is null ? throw new InvalidOperationException("The call has not finished.") : _trailers;

    public void ThrowIfFinished()
    {
        if (_status is { } status)
        {
            throw status.StatusCode == StatusCode.OK
                ? new InvalidOperationException("Can't write the message: the call has finished.")
                : new RpcException(status, _trailers);
        }
    }

    public RpcException ToRpcException(Exception exception)
    {
        if (exception is RpcException rpc)
        {
            Finish(rpc.Status, rpc.Trailers);
            return rpc;
        }

        var status = Finish(StatusFromException(exception), NoMetadata);
        return new RpcException(status, _trailers, exception);
    }

    /// <summary>Reads the one response of a unary or client-streaming call, then the status.</summary>
    public async Task<TResponse> ReadSingleResponseAsync()
    {
        var response = await ReadNextResponseAsync(CancellationToken.None).ConfigureAwait(false);
        if (response is null)
        {
            throw ToRpcException(new RpcException(StatusCode.Internal, "Failed to deserialize response message: the response had no message."));
        }

        if (await ReadNextResponseAsync(CancellationToken.None).ConfigureAwait(false) is not null)
        {
            throw ToRpcException(new RpcException(StatusCode.Internal, "Expected one response message, received more."));
        }

        return response;
    }

    /// <summary>The next response message; null after an OK status; throws <see cref="RpcException"/> for any other status.</summary>
    public async Task<TResponse?> ReadNextResponseAsync(CancellationToken cancellationToken)
    {
        await ResponseHeadersAsync.ConfigureAwait(false);
        if (_status is { } finished)
        {
            return finished.StatusCode == StatusCode.OK ? null : throw new RpcException(finished, _trailers);
        }

        TResponse? message;
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(_callSource.Token, cancellationToken);
            message = await GrpcMessageReader.ReadMessageAsync(_responseBody!, _method.ResponseDecoder, _readOptions, linked.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested || _callSource.IsCancellationRequested)
        {
            throw ToRpcException(ex);
        }

        if (message is not null)
        {
            return message;
        }

        var trailers = ToMetadata(_response!.TrailingHeaders);
        var status = Finish(ReadStatus(_response.TrailingHeaders) ?? new GrpcStatus(StatusCode.Internal, "No grpc-status found on response."), trailers);
        return status.StatusCode == StatusCode.OK ? null : throw new RpcException(status, trailers);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Finish(new GrpcStatus(StatusCode.Cancelled, "The call was disposed."), NoMetadata);
        _cancellationRegistration.Dispose();
        _response?.Dispose();
        _callSource.Dispose();
        _deadlineSource?.Dispose();
    }

    private HttpRequestMessage CreateRequest(GrpcCallOptions options, TimeSpan? timeout)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_channel.Address, _method.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var headers = request.Headers;
        headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        headers.TryAddWithoutValidation("User-Agent", UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.SupportedEncodings);
        if (RequestEncoding is not null)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.EncodingHeader, RequestEncoding);
        }

        if (timeout is { } remaining)
        {
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }

        foreach (var (name, value) in options.Headers)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<IReadOnlyDictionary<string, string>> SendAsync(HttpRequestMessage request)
    {
        // Yield so the constructor returns before any network work happens.
        await Task.Yield();
        HttpResponseMessage response;
        try
        {
            _callSource.Token.ThrowIfCancellationRequested();
            response = await _channel.HttpClient
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, _callSource.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw ToRpcException(ex);
        }
        finally
        {
            if (_requestContent is null)
            {
                request.Dispose();
            }
        }

        _response = response;
        if (_status is { StatusCode: not StatusCode.OK } early)
        {
            // Cancelled while the headers were in flight.
            response.Dispose();
            throw new RpcException(early, _trailers);
        }

        var headers = ToMetadata(response.Headers);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var fallback = new GrpcStatus(HttpStatusMapping.ToStatusCode((int)response.StatusCode), $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
            Finish(ReadStatus(response.Headers) ?? fallback, headers);
            return headers;
        }

        if (ReadStatus(response.Headers) is { } trailersOnly)
        {
            // Trailers-only: the status arrived in the headers and there is no body.
            Finish(trailersOnly, headers);
            return headers;
        }

        if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.ToString()))
        {
            Finish(new GrpcStatus(StatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {response.Content.Headers.ContentType}"), headers);
            return headers;
        }

        var encodingHeader = response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var values) ? string.Join(',', values) : null;
        if (!GrpcProtocol.TryGetEncoding(encodingHeader, out var encoding))
        {
            Finish(new GrpcStatus(StatusCode.Internal, $"Unsupported response grpc-encoding '{encodingHeader}'."), headers);
            return headers;
        }

        _readOptions = _readOptions with { Encoding = encoding };
        try
        {
            var body = await response.Content.ReadAsStreamAsync(_callSource.Token).ConfigureAwait(false);
            _responseBody = PipeReader.Create(body);
        }
        catch (Exception ex)
        {
            throw ToRpcException(ex);
        }

        return headers;
    }

    private GrpcStatus StatusFromException(Exception exception)
    {
        if (_deadlineSource?.IsCancellationRequested == true)
        {
            return new GrpcStatus(StatusCode.DeadlineExceeded, "Deadline Exceeded");
        }

        if (_userToken.IsCancellationRequested || exception is OperationCanceledException)
        {
            return new GrpcStatus(StatusCode.Cancelled, "Call canceled by the client.");
        }

        return exception switch
        {
            HttpProtocolException { ErrorCode: Http2Cancel } => new GrpcStatus(StatusCode.Cancelled, "The server reset the stream (CANCEL)."),
            HttpProtocolException { ErrorCode: Http2RefusedStream } => new GrpcStatus(StatusCode.Unavailable, "The server refused the stream."),
            HttpProtocolException protocol => new GrpcStatus(StatusCode.Internal, $"HTTP/2 error {protocol.ErrorCode}: {protocol.Message}"),
            HttpRequestException or IOException => new GrpcStatus(StatusCode.Unavailable, $"Error connecting to {_channel.Address}: {exception.Message}"),
            ObjectDisposedException => new GrpcStatus(StatusCode.Cancelled, "The call was disposed."),
            _ => new GrpcStatus(StatusCode.Unknown, $"{exception.GetType().Name}: {exception.Message}"),
        };
    }

    private const long Http2RefusedStream = 0x7;
    private const long Http2Cancel = 0x8;

    /// <summary>Records the final status once; a non-OK status also aborts the HTTP request (RST_STREAM) and the request body.</summary>
    private GrpcStatus Finish(GrpcStatus status, IReadOnlyDictionary<string, string> trailers)
    {
        lock (_gate)
        {
            if (_status is { } existing)
            {
                return existing;
            }

            _status = status;
            _trailers = trailers;
        }

        _requestContent?.Abort(new RpcException(status, trailers));
        if (status.StatusCode != StatusCode.OK)
        {
            try
            {
                _callSource.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Already disposed: the request is gone anyway.
            }

            // Disposing an unfinished HTTP/2 response sends RST_STREAM(CANCEL), which the server sees as an abort.
            Volatile.Read(ref _response)?.Dispose();
        }

        return status;
    }

    private void OnCallCancelled() => Finish(StatusFromException(new OperationCanceledException()), NoMetadata);

    private static GrpcStatus? ReadStatus(HttpHeaders headers)
    {
        if (!headers.TryGetValues(GrpcProtocol.StatusHeader, out var statusValues))
        {
            return null;
        }

        var statusText = statusValues.FirstOrDefault();
        if (!int.TryParse(statusText, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return new GrpcStatus(StatusCode.Internal, $"Unexpected grpc-status value: {statusText}");
        }

        var detail = headers.TryGetValues(GrpcProtocol.MessageHeader, out var messageValues)
            ? GrpcMessageEncoding.Decode(messageValues.FirstOrDefault() ?? string.Empty)
            : string.Empty;
        return new GrpcStatus((StatusCode)code, detail);
    }

    private static Dictionary<string, string> ToMetadata(HttpHeaders headers)
    {
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in headers)
        {
            metadata[name] = string.Join(',', values);
        }

        return metadata;
    }
}
