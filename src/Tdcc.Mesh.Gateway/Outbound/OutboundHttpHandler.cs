using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Gateway.Tunnels;
using Tdcc.Mesh.MeshModel;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// Serves a request that a client of the gateway's own cluster sent to an outbound listener port: picks the backend
/// cluster once (<see cref="BackendSelector"/>), forwards with YARP's <see cref="IHttpForwarder"/> to a local pod or
/// through the tunnel to the peer gateway (<c>:authority</c> = the service port), and moves on to the next cluster when
/// the attempt failed before anything reached the client: always after a failed connect or a peer's "nothing delivered"
/// answer, and for idempotent requests without a body (and gRPC UNAVAILABLE) after a 5xx or a connection that failed
/// before any answer, within the retry budget. A port with GAMMA routes first picks its rule and the rule's backend
/// service (<see cref="RouteRuleMatcher"/>): the request then goes to that service's clusters with the rule's timeout
/// and retries; no matching rule answers 404 (gRPC UNIMPLEMENTED), a rule without a usable backend 500 (gRPC
/// UNAVAILABLE), both with response flag <c>NR</c>.
/// </summary>
internal sealed class OutboundHttpHandler(
    Func<GatewayConfiguration?> configuration,
    IHttpForwarder forwarder,
    TunnelClientPool tunnels,
    LocalHttpClient local,
    EndpointPicker picker,
    BackendSelector selector,
    RouteRuleMatcher routes,
    CircuitBreakers breakers,
    OutlierTracker outliers,
    GatewayMetrics metrics,
    StatusTracker status,
    ILogger logger)
{
    public async Task HandleAsync(HttpContext context, OutboundPort listenerPort)
    {
        var started = Stopwatch.GetTimestamp();
        var config = configuration();
        var own = config?.Cluster ?? string.Empty;
        context.Request.Headers.Remove(TunnelProtocol.SourceClusterHeader);
        context.Request.Headers.Remove(TunnelProtocol.SourceWorkloadHeader);
        context.Request.Headers.Remove(TunnelProtocol.SourceNamespaceHeader);

        var port = listenerPort;
        if (!listenerPort.Rules.IsDefaultOrEmpty)
        {
            var (target, refusal) = Route(context.Request, listenerPort, config);
            if (target is null)
            {
                await AnswerLocallyAsync(context, listenerPort.Protocol, refusal).ConfigureAwait(false);
                Record(context, listenerPort, own, own, "NR", started, null);
                return;
            }

            port = target;
        }

        var idempotent = IsIdempotent(context.Request) || port.Protocol == GatewayProtocol.Grpc;

        // A body is streamed while the answer is awaited: once an attempt sent it, another attempt would send less.
        var bodyless = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        var retries = port.Policy?.Retries is { } retryPolicy ? (int)retryPolicy.NumRetries : (idempotent ? 1 : 0);
        var timeout = port.Policy?.Retries?.PerTryTimeout ?? port.Policy?.Timeout ?? TimeSpan.FromSeconds(100);

        var (admission, refused) = await breakers.EnterRequestAsync(port.Service, port.Policy?.CircuitBreaker, port.Policy?.Timeout ?? timeout, context.RequestAborted).ConfigureAwait(false);
        if (admission is null)
        {
            var limit = refused.ToString().ToLowerInvariant();
            metrics.Overflowed(Host(port.Service), limit);
            await AnswerLocallyAsync(context, port.Protocol, new LocalAnswer(StatusCodes.Status503ServiceUnavailable, "14", $"the circuit breaker of {port.Service.Authority} is open ({limit} at its limit)", Overloaded: true)).ConfigureAwait(false);
            Record(context, port, own, own, "UO", started, null);
            return;
        }

        IDisposable? retrying = null;
        try
        {
            await ForwardAsync(context, port, config, own, idempotent, bodyless, retries, timeout, started, () => retrying ??= breakers.EnterRetry(port.Service, port.Policy?.CircuitBreaker)).ConfigureAwait(false);
        }
        finally
        {
            retrying?.Dispose();
            admission.Dispose();
        }
    }

    private async Task ForwardAsync(HttpContext context, OutboundPort port, GatewayConfiguration? config, string own, bool idempotent, bool bodyless, int retries, TimeSpan timeout, long started, Func<IDisposable?> enterRetry)
    {
        var destination = own;
        var flags = "UH";
        ForwardingTransformer? transformer = null;
        var handled = false;
        foreach (var backend in selector.Order(port))
        {
            var remote = !string.Equals(backend.Cluster, own, StringComparison.Ordinal);
            var attempt = await AttemptAsync(context, port, backend, remote, own, bodyless, idempotent && retries > 0, timeout, config).ConfigureAwait(false);
            if (attempt.Transformer is null)
            {
                continue;
            }

            destination = backend.Cluster;
            transformer = attempt.Transformer;
            if (attempt.Outcome is Outcome.Delivered or Outcome.DeliveredWithError)
            {
                flags = "-";
                handled = true;
                if (attempt.Outcome == Outcome.Delivered)
                {
                    outliers.Succeeded(port.Service, backend.Cluster);
                }
                else
                {
                    outliers.Failed(port.Service, backend.Cluster, port.Policy?.OutlierDetection);
                }

                break;
            }

            if (attempt.Outcome == Outcome.FailedAfterStart)
            {
                flags = "UF";
                handled = true;
                outliers.Failed(port.Service, backend.Cluster, port.Policy?.OutlierDetection);
                break;
            }

            outliers.Failed(port.Service, backend.Cluster, port.Policy?.OutlierDetection);
            GatewayLog.BackendFailed(logger, backend.Cluster, port.Service.Authority, attempt.Outcome.ToString());
            if (attempt.Outcome is Outcome.Retryable5xx or Outcome.ResetBeforeAnswer)
            {
                if (retries <= 0)
                {
                    // Out of budget: the 5xx was withheld, so answer with what the backend said.
                    break;
                }

                retries--;
            }

            if (enterRetry() is null)
            {
                // The service's retries in flight are at the breaker's limit: answer with what this attempt got.
                metrics.Overflowed(Host(port.Service), "retries");
                flags = "UO";
                break;
            }

            metrics.Retried(Host(port.Service), backend.Cluster);
            flags = "URX";
            OutboundFailure.Reset(context);
        }

        if (!handled && !context.Response.HasStarted)
        {
            context.Response.StatusCode = transformer?.UpstreamStatus is > 0 and var upstream ? upstream : StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync($"no backend cluster of {port.Service.Authority} could serve the request ({flags})\n", context.RequestAborted).ConfigureAwait(false);
        }

        Record(context, port, own, destination, flags, started, transformer);
    }

    /// <summary>The rule's backend service port with the rule's timeout and retries, or why there is none.</summary>
    private (OutboundPort? Target, LocalAnswer Refusal) Route(HttpRequest request, OutboundPort listenerPort, GatewayConfiguration? config)
    {
        var rule = routes.Match(request, listenerPort.Rules);
        if (rule is null)
        {
            return (null, new LocalAnswer(StatusCodes.Status404NotFound, "12", $"no route of {listenerPort.Service.Authority} matches {request.Method} {request.Path}"));
        }

        var backend = RouteRuleMatcher.PickBackend(rule, Random.Shared);
        if (backend is null)
        {
            return (null, new LocalAnswer(StatusCodes.Status500InternalServerError, "14", $"{rule.Name} of {listenerPort.Service.Authority} has no backend with a weight above zero"));
        }

        var key = new ServiceKey(backend.Namespace, backend.Service, backend.Port);
        var target = key == listenerPort.Service ? listenerPort : config?.Outbound.FirstOrDefault(candidate => candidate.Service == key);
        if (target is null)
        {
            return (null, new LocalAnswer(StatusCodes.Status500InternalServerError, "14", $"backend {key.Authority} of {rule.Name} is not a clusterset service imported into this cluster"));
        }

        var policy = target.Policy;
        if (rule.Timeout is not null || rule.Retries is not null)
        {
            policy = (policy ?? new TrafficPolicyModel()) with { Timeout = rule.Timeout ?? policy?.Timeout, Retries = rule.Retries ?? policy?.Retries };
        }

        return (target with { Protocol = listenerPort.Protocol, Policy = policy, Rules = [] }, default);
    }

    private static async Task AnswerLocallyAsync(HttpContext context, GatewayProtocol protocol, LocalAnswer answer)
    {
        if (protocol == GatewayProtocol.Grpc)
        {
            // A trailers-only gRPC answer: HTTP 200 with the status in the headers and no body.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = answer.GrpcStatus;
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(answer.Message);
            return;
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (answer.Overloaded)
        {
            context.Response.Headers["x-envoy-overloaded"] = "true";
        }

        await context.Response.WriteAsync(answer.Message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private void Record(HttpContext context, OutboundPort port, string own, string destination, string flags, long started, ForwardingTransformer? transformer)
    {
        var labels = new TrafficLabels("source", own, destination, port.Service, !string.Equals(destination, own, StringComparison.Ordinal));
        var code = context.Response.StatusCode;
        status.Counted(port.Service.Authority, code >= 500);
        var protocol = port.Protocol == GatewayProtocol.Grpc ? "grpc" : "http";
        metrics.Request(labels, protocol, code, GrpcStatusOf(context, transformer), flags, Stopwatch.GetElapsedTime(started), context.Request.ContentLength ?? 0, transformer?.ResponseBytes ?? 0);
    }

    private async Task<(Outcome Outcome, ForwardingTransformer? Transformer)> AttemptAsync(
        HttpContext context, OutboundPort port, BackendCluster backend, bool remote, string own, bool bodyless, bool mayRetry5xx, TimeSpan timeout, GatewayConfiguration? config)
    {
        string prefix;
        HttpMessageInvoker invoker;
        ForwarderRequestConfig requestConfig;
        ForwardingTransformer transformer;
        TunnelClient? tunnel = null;
        if (remote)
        {
            var peer = config?.Peers.FirstOrDefault(p => string.Equals(p.Cluster, backend.Cluster, StringComparison.Ordinal));
            tunnel = peer is null ? null : tunnels.For(peer);
            if (tunnel is null)
            {
                return (Outcome.ConnectFailed, null);
            }

            prefix = tunnel.Prefix.ToString();
            invoker = tunnel.Invoker;
            requestConfig = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, ActivityTimeout = timeout };
            transformer = new ForwardingTransformer(port.Service.Authority, own, response => bodyless && Withhold(response, mayRetry5xx));
        }
        else
        {
            var endpoints = picker.Order(port.Service, backend.Endpoints);
            var endpoint = endpoints.Count > 0 ? endpoints[0] : null;
            if (endpoint is null)
            {
                return (Outcome.ConnectFailed, null);
            }

            prefix = EndpointUris.HttpPrefix(endpoint);
            invoker = local.Invoker;
            var http1 = port.Protocol == GatewayProtocol.Http;
            requestConfig = new ForwarderRequestConfig
            {
                Version = http1 ? HttpVersion.Version11 : HttpVersion.Version20,
                VersionPolicy = http1 ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
                ActivityTimeout = timeout,
            };
            transformer = new ForwardingTransformer(null, null, response => bodyless && Withhold(response, mayRetry5xx));
        }

        var sent = Stopwatch.GetTimestamp();
        var error = await forwarder.SendAsync(context, prefix, invoker, requestConfig, transformer).ConfigureAwait(false);
        if (tunnel is not null)
        {
            if (transformer.UpstreamStatus > 0)
            {
                status.Succeeded(tunnel.Cluster, tunnel.Direction, Stopwatch.GetElapsedTime(sent), null);
            }
            else if (error != ForwarderError.None)
            {
                status.Failed(tunnel.Cluster, error + ": " + context.Features.Get<IForwarderErrorFeature>()?.Exception?.GetBaseException().Message);
            }
        }

        if (transformer.Withheld)
        {
            var nothingDelivered = transformer.UpstreamStatus == StatusCodes.Status503ServiceUnavailable && remote;
            return (nothingDelivered ? Outcome.ConnectFailed : Outcome.Retryable5xx, transformer);
        }

        if (error == ForwarderError.None)
        {
            return (transformer.UpstreamStatus >= 500 ? Outcome.DeliveredWithError : Outcome.Delivered, transformer);
        }

        if (!context.Response.HasStarted && OutboundFailure.IsConnectFailure(context))
        {
            return (Outcome.ConnectFailed, transformer);
        }

        if (!context.Response.HasStarted && bodyless && mayRetry5xx && transformer.UpstreamStatus == 0 && !context.RequestAborted.IsCancellationRequested)
        {
            // Sent, but no answer came (a reset, the peer's gateway died or went down, the try timed out): an idempotent
            // request without a body may be sent again elsewhere, as Envoy's 5xx retry policy does for resets and timeouts.
            return (Outcome.ResetBeforeAnswer, transformer);
        }

        return (Outcome.FailedAfterStart, transformer);
    }

    private static bool Withhold(HttpResponseMessage response, bool mayRetry5xx)
    {
        if (response.Headers.Contains(TunnelProtocol.GatewayErrorHeader))
        {
            // The peer gateway delivered nothing (no ready endpoint, unknown service): any request may go elsewhere.
            return true;
        }

        if (!mayRetry5xx)
        {
            return false;
        }

        if ((int)response.StatusCode >= 500)
        {
            return true;
        }

        return response.Headers.TryGetValues("grpc-status", out var values) && values.FirstOrDefault() == "14";
    }

    private static bool IsIdempotent(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
        || HttpMethods.IsPut(request.Method) || HttpMethods.IsDelete(request.Method) || HttpMethods.IsTrace(request.Method);

    private static string Host(ServiceKey service) => service.Name + "." + service.Namespace + ServiceKey.DomainSuffix;

    private static string GrpcStatusOf(HttpContext context, ForwardingTransformer? transformer)
    {
        var trailers = context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers is not null && trailers.TryGetValue("grpc-status", out var value) && value.Count > 0)
        {
            return value.ToString();
        }

        return transformer?.GrpcStatus ?? string.Empty;
    }

    /// <summary>What the gateway answers itself when no backend is tried.</summary>
    private readonly record struct LocalAnswer(int Status, string GrpcStatus, string Message, bool Overloaded = false);

    private enum Outcome
    {
        Delivered,
        DeliveredWithError,
        ConnectFailed,
        Retryable5xx,
        ResetBeforeAnswer,
        FailedAfterStart,
    }
}
