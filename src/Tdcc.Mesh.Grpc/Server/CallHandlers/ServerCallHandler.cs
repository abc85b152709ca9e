using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Grpc.Protocol;
using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Server.CallHandlers;

/// <summary>
/// What all call shapes share: HTTP/2 and content-type checks, encodings, the deadline, turning exceptions into
/// a status, and sending the status as trailers (or trailers-only when nothing was written).
/// </summary>
internal abstract class ServerCallHandler(string method, GrpcServerServices services)
{
    protected string Method { get; } = method;

    protected GrpcServerOptions Options => services.Options;

    /// <summary>True when the request body is a stream of messages (client-streaming and bidirectional).</summary>
    protected abstract bool StreamingRequest { get; }

    public async Task HandleCallAsync(HttpContext httpContext)
    {
        var logger = services.Logger;
        var request = httpContext.Request;
        var response = httpContext.Response;

        if (!HttpProtocol.IsHttp2(request.Protocol))
        {
            GrpcServerLog.UnsupportedRequestProtocol(logger, request.Protocol);
            response.StatusCode = StatusCodes.Status426UpgradeRequired;
            response.Headers.Connection = "Upgrade";
            response.Headers.Upgrade = "HTTP/2";
            SetTrailersOnly(response, new GrpcStatus(StatusCode.Internal, $"Request protocol '{request.Protocol}' is not supported."), null);
            return;
        }

        if (!GrpcProtocol.IsGrpcContentType(request.ContentType))
        {
            GrpcServerLog.UnsupportedRequestContentType(logger, request.ContentType);
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            SetTrailersOnly(response, new GrpcStatus(StatusCode.Internal, $"Content-Type '{request.ContentType}' is not supported."), null);
            return;
        }

        response.ContentType = GrpcProtocol.ContentType;
        response.Headers[GrpcProtocol.AcceptEncodingHeader] = GrpcProtocol.SupportedEncodings;

        if (!GrpcProtocol.TryGetEncoding(request.Headers[GrpcProtocol.EncodingHeader], out var requestEncoding))
        {
            SetTrailersOnly(response, new GrpcStatus(StatusCode.Unimplemented, $"Unsupported grpc-encoding '{request.Headers[GrpcProtocol.EncodingHeader]}'."), null);
            return;
        }

        DisableRequestLimits(httpContext);
        var responseEncoding = ChooseResponseEncoding(request, response);
        var timeout = ParseTimeout(request.Headers[GrpcProtocol.TimeoutHeader]);
        var readOptions = new GrpcReadOptions(Options.MaxReceiveMessageSize, requestEncoding);
        using var call = new HttpServerCallContext(
            httpContext, Method, timeout, services.TimeProvider, readOptions, Options.MaxSendMessageSize, responseEncoding);

        GrpcStatus status;
        IReadOnlyDictionary<string, string>? errorTrailers = null;
        try
        {
            await HandleCallCoreAsync(call).ConfigureAwait(false);
            status = call.DeadlineExceeded ? DeadlineStatus : GrpcStatus.Ok;
        }
        catch (Exception) when (call.ClientCancelled)
        {
            // Nobody is listening any more: Kestrel has reset the stream, so there is no status to send.
            GrpcServerLog.CallCancelled(logger, Method);
            return;
        }
        catch (Exception) when (call.DeadlineExceeded)
        {
            status = DeadlineStatus;
        }
        catch (RpcException ex)
        {
            status = ex.Status;
            errorTrailers = ex.Trailers;
        }
        catch (Exception ex)
        {
            GrpcServerLog.ErrorExecutingServiceMethod(logger, Method, ex);
            var detail = Options.EnableDetailedErrors
                ? $"Exception was thrown by handler. {ex.GetType().Name}: {ex.Message}"
                : "Exception was thrown by handler.";
            status = new GrpcStatus(StatusCode.Unknown, detail);
        }

        if (status.StatusCode == StatusCode.DeadlineExceeded)
        {
            GrpcServerLog.DeadlineExceeded(logger, Method);
        }
        else if (status.StatusCode != StatusCode.OK)
        {
            GrpcServerLog.RpcFailed(logger, Method, status.StatusCode, status.Detail);
        }

        if (call.ClientCancelled)
        {
            return;
        }

        var trailers = Merge(call.TrailersOrNull, errorTrailers);
        if (response.HasStarted)
        {
            AppendTrailers(response, status, trailers);
        }
        else
        {
            SetTrailersOnly(response, status, trailers);
        }
    }

    /// <summary>Runs the handler of one call shape.</summary>
    protected abstract Task HandleCallCoreAsync(HttpServerCallContext call);

    private static GrpcStatus DeadlineStatus => new(StatusCode.DeadlineExceeded, "Deadline Exceeded");

    private void DisableRequestLimits(HttpContext httpContext)
    {
        // gRPC enforces its own per-message limit, so the whole-body limit would only break long streams.
        var maxBodySize = httpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (maxBodySize is { IsReadOnly: false })
        {
            maxBodySize.MaxRequestBodySize = null;
        }

        // A request stream (an xDS subscription, say) may stay quiet for hours: no minimum data rate.
        if (StreamingRequest && httpContext.Features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }
    }

    private string? ChooseResponseEncoding(HttpRequest request, HttpResponse response)
    {
        if (!Options.CompressResponses)
        {
            return null;
        }

        var accepted = request.Headers[GrpcProtocol.AcceptEncodingHeader].ToString();
        foreach (var part in accepted.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, GrpcProtocol.GzipEncoding, StringComparison.OrdinalIgnoreCase))
            {
                response.Headers[GrpcProtocol.EncodingHeader] = GrpcProtocol.GzipEncoding;
                return GrpcProtocol.GzipEncoding;
            }
        }

        return null;
    }

    private TimeSpan? ParseTimeout(string? header)
    {
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        if (GrpcTimeout.TryParse(header, out var timeout))
        {
            return timeout;
        }

        GrpcServerLog.InvalidTimeout(services.Logger, header);
        return null;
    }

    private static IReadOnlyDictionary<string, string>? Merge(
        IReadOnlyDictionary<string, string>? first, IReadOnlyDictionary<string, string>? second)
    {
        if (first is null || first.Count == 0)
        {
            return second;
        }

        if (second is null || second.Count == 0)
        {
            return first;
        }

        var merged = new Dictionary<string, string>(first, StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in second)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static void AppendTrailers(HttpResponse response, GrpcStatus status, IReadOnlyDictionary<string, string>? trailers)
    {
        if (trailers is not null)
        {
            foreach (var (key, value) in trailers)
            {
                response.AppendTrailer(key, value);
            }
        }

        response.AppendTrailer(GrpcProtocol.StatusHeader, ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture));
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageHeader, GrpcMessageEncoding.Encode(status.Detail));
        }
    }

    /// <summary>A response with no messages: the status goes in the headers, which end the stream.</summary>
    private static void SetTrailersOnly(HttpResponse response, GrpcStatus status, IReadOnlyDictionary<string, string>? trailers)
    {
        response.ContentType = GrpcProtocol.ContentType;
        if (trailers is not null)
        {
            foreach (var (key, value) in trailers)
            {
                response.Headers.Append(key, value);
            }
        }

        response.Headers[GrpcProtocol.StatusHeader] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);
        if (status.Detail.Length > 0)
        {
            response.Headers[GrpcProtocol.MessageHeader] = GrpcMessageEncoding.Encode(status.Detail);
        }
    }
}
