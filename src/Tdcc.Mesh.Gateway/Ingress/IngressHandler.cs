using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;
using Tdcc.Mesh.Gateway.Logging;
using Tdcc.Mesh.Gateway.Metrics;
using Tdcc.Mesh.Gateway.Outbound;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using Yarp.ReverseProxy.Forwarder;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// Serves a request that arrived on an ingress listener port (docs/ingress.md): the listener whose hostname fits the
/// Host most specifically, its first rule whose hostnames and match hold, the rule's filters in order (request header
/// modifier, response header modifier, redirect answered here, URL rewrite, mirror), one backend drawn by weight, its
/// own filters, then the backend: a Service's ready endpoints (round robin, the next one on a refused connection),
/// a ServiceImport through the east-west gateway's outbound path (<see cref="OutboundHttpHandler"/>: backend cluster
/// choice, tunnels, failover, outlier ejection), or 500 for an invalid reference. The rule's request timeout bounds
/// the whole exchange (504), its backend timeout each try (504), its retries repeat a request without a body on the
/// listed codes. No listener for the Host or no rule: 404; no usable backend: 500; no ready endpoint: 503.
/// </summary>
internal sealed class IngressHandler(
    Func<GatewayConfiguration?> gateway,
    OutboundHttpHandler outbound,
    IHttpForwarder forwarder,
    LocalHttpClient local,
    EndpointPicker picker,
    IngressMatcher matcher,
    IngressMirror mirror,
    GatewayMetrics metrics,
    ILogger logger)
{
    private static readonly TimeSpan DefaultBackendTimeout = TimeSpan.FromSeconds(100);

    public async Task HandleAsync(HttpContext context, IngressPortTable port)
    {
        var exchange = new Exchange(context, port, Stopwatch.GetTimestamp());
        try
        {
            await ServeAsync(exchange).ConfigureAwait(false);
        }
        finally
        {
            Record(exchange);
        }
    }

    private async Task ServeAsync(Exchange exchange)
    {
        var context = exchange.Context;
        var request = context.Request;
        var host = IngressHostnames.Normalize(request.Host.Host);
        exchange.Host = host;
        var listener = exchange.Port.Select(host);
        if (listener is null)
        {
            await AnswerAsync(exchange, StatusCodes.Status404NotFound, $"no listener on port {exchange.Port.Port} accepts host '{host}'", "NR").ConfigureAwait(false);
            return;
        }

        exchange.Listener = listener.Name;
        var rule = matcher.Match(request, host, listener.Rules);
        if (rule is null)
        {
            await AnswerAsync(exchange, StatusCodes.Status404NotFound, $"no route of listener {listener.Name} matches {request.Method} {host}{request.Path}", "NR").ConfigureAwait(false);
            return;
        }

        exchange.Route = rule.Route + " rule " + rule.RuleIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mirrors = new List<MirrorFilter>();
        if (Filter(exchange, rule, rule.Filters, mirrors) is { } redirect)
        {
            await RedirectAsync(exchange, redirect).ConfigureAwait(false);
            return;
        }

        var backend = Pick(rule);
        if (backend is null)
        {
            await AnswerAsync(exchange, StatusCodes.Status500InternalServerError, $"{exchange.Route} has no backend with a weight above zero", "NR").ConfigureAwait(false);
            return;
        }

        exchange.Backend = backend.Kind + " " + backend.Namespace + "/" + backend.Name + ":" + backend.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (backend.Kind == IngressBackendKind.Invalid)
        {
            await AnswerAsync(exchange, StatusCodes.Status500InternalServerError, $"backend {backend.Namespace}/{backend.Name} of {exchange.Route} is not valid: {backend.Reason ?? "unresolved reference"}", "NR").ConfigureAwait(false);
            return;
        }

        if (Filter(exchange, rule, backend.Filters, mirrors) is { } backendRedirect)
        {
            await RedirectAsync(exchange, backendRedirect).ConfigureAwait(false);
            return;
        }

        if (mirrors.Count > 0)
        {
            await mirror.MirrorAsync(context, mirrors).ConfigureAwait(false);
        }

        var aborted = context.RequestAborted;
        using var deadline = rule.RequestTimeout is { } requestTimeout ? CancellationTokenSource.CreateLinkedTokenSource(aborted) : null;
        if (deadline is not null)
        {
            deadline.CancelAfter(rule.RequestTimeout!.Value);
            context.RequestAborted = deadline.Token;
        }

        try
        {
            if (backend.Kind == IngressBackendKind.Service)
            {
                await ToServiceAsync(exchange, rule, backend).ConfigureAwait(false);
            }
            else
            {
                await ToServiceImportAsync(exchange, rule, backend).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline?.IsCancellationRequested == true && !aborted.IsCancellationRequested)
        {
            // The request timeout: answered below.
        }
        finally
        {
            context.RequestAborted = aborted;
        }

        if (deadline?.IsCancellationRequested == true && !aborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            OutboundFailure.Reset(context);
            await AnswerAsync(exchange, StatusCodes.Status504GatewayTimeout, $"{exchange.Route}: request timeout of {rule.RequestTimeout} exceeded", "UT").ConfigureAwait(false);
        }
    }

    /// <summary>Applies filters in order; returns the redirect when one answers the request.</summary>
    private static RedirectFilter? Filter(Exchange exchange, IngressRouteRule rule, System.Collections.Immutable.ImmutableArray<IngressFilter> filters, List<MirrorFilter> mirrors)
    {
        if (filters.IsDefaultOrEmpty)
        {
            return null;
        }

        var request = exchange.Context.Request;
        foreach (var filter in filters)
        {
            switch (filter)
            {
                case HeaderModifierFilter { Response: false } modifier:
                    IngressFilters.Modify(request.Headers, modifier);
                    break;
                case HeaderModifierFilter modifier:
                    exchange.AddResponseModifier(modifier);
                    break;
                case RedirectFilter redirect:
                    exchange.Match = rule.Match.Path;
                    return redirect;
                case RewriteFilter rewrite:
                    if (rewrite.Hostname is { } hostname)
                    {
                        request.Host = new HostString(hostname);
                    }

                    if (rewrite.Path is { } path)
                    {
                        request.Path = new PathString(IngressFilters.NewPath(path, request.Path.HasValue ? request.Path.Value! : "/", rule.Match.Path));
                    }

                    break;
                case MirrorFilter copy:
                    mirrors.Add(copy);
                    break;
            }
        }

        return null;
    }

    private static IngressBackend? Pick(IngressRouteRule rule)
    {
        long total = 0;
        foreach (var backend in rule.Backends.IsDefault ? [] : rule.Backends)
        {
            total += Math.Max(0, backend.Weight);
        }

        if (total == 0)
        {
            return null;
        }

        var draw = Random.Shared.NextInt64(total);
        foreach (var backend in rule.Backends)
        {
            draw -= Math.Max(0, backend.Weight);
            if (draw < 0)
            {
                return backend;
            }
        }

        return null;
    }

    private async Task ToServiceAsync(Exchange exchange, IngressRouteRule rule, IngressBackend backend)
    {
        var context = exchange.Context;
        var key = new ServiceKey(backend.Namespace, backend.Name, backend.Port);
        exchange.DestinationHost = backend.Name + "." + backend.Namespace + ".svc.cluster.local";
        exchange.DestinationService = key;
        var endpoints = IngressEndpoints.Parse(backend.Endpoints);
        if (endpoints.Length == 0)
        {
            await AnswerAsync(exchange, StatusCodes.Status503ServiceUnavailable, $"Service {backend.Namespace}/{backend.Name} port {backend.Port} of {exchange.Route} has no ready endpoint", "UH").ConfigureAwait(false);
            return;
        }

        var bodyless = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        var retries = bodyless && rule.Retry is { } retry ? retry.Attempts : 0;
        var codes = rule.Retry?.Codes ?? [];
        var grpc = IsGrpc(context.Request);
        var config = new ForwarderRequestConfig
        {
            Version = grpc ? HttpVersion.Version20 : HttpVersion.Version11,
            VersionPolicy = grpc ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
            ActivityTimeout = rule.BackendRequestTimeout ?? DefaultBackendTimeout,
        };

        while (true)
        {
            ForwardingTransformer? transformer = null;
            var error = ForwarderError.None;
            var reached = false;
            foreach (var endpoint in picker.Order(key, endpoints))
            {
                var left = retries;
                transformer = new ForwardingTransformer(null, null, response => left > 0 && !codes.IsDefaultOrEmpty && codes.Contains((int)response.StatusCode));
                error = await forwarder.SendAsync(context, EndpointUris.HttpPrefix(endpoint), local.Invoker, config, transformer).ConfigureAwait(false);
                if (error != ForwarderError.None && !context.Response.HasStarted && OutboundFailure.IsConnectFailure(context))
                {
                    OutboundFailure.Reset(context);
                    continue;
                }

                reached = true;
                break;
            }

            exchange.Transformer = transformer;
            if (!reached)
            {
                await AnswerAsync(exchange, StatusCodes.Status503ServiceUnavailable, $"no ready endpoint of Service {backend.Namespace}/{backend.Name} port {backend.Port} accepted the connection", "UF").ConfigureAwait(false);
                return;
            }

            if (transformer!.Withheld)
            {
                retries--;
                exchange.Flags = "URX";
                OutboundFailure.Reset(context);
                if (rule.Retry?.Backoff is { } backoff && backoff > TimeSpan.Zero)
                {
                    await Task.Delay(backoff, context.RequestAborted).ConfigureAwait(false);
                }

                continue;
            }

            if (error == ForwarderError.RequestTimedOut)
            {
                exchange.Flags = "UT";
            }
            else if (error != ForwarderError.None)
            {
                exchange.Flags = "UF";
            }

            return;
        }
    }

    private async Task ToServiceImportAsync(Exchange exchange, IngressRouteRule rule, IngressBackend backend)
    {
        var key = new ServiceKey(backend.Namespace, backend.Name, backend.Port);
        exchange.DestinationHost = key.Name + "." + key.Namespace + ServiceKey.DomainSuffix;
        exchange.DestinationService = key;
        var port = gateway()?.Outbound.FirstOrDefault(p => p.Service == key);
        if (port is null)
        {
            await AnswerAsync(exchange, StatusCodes.Status503ServiceUnavailable, $"clusterset service {key.Authority} of {exchange.Route} is not served by this gateway (not imported into this cluster)", "UH").ConfigureAwait(false);
            return;
        }

        var policy = port.Policy;
        if (rule.BackendRequestTimeout is not null || rule.Retry is not null)
        {
            policy = (policy ?? new TrafficPolicyModel()) with
            {
                Timeout = rule.BackendRequestTimeout ?? policy?.Timeout,
                Retries = rule.Retry is { } retry ? new RetryPolicyModel((uint)Math.Max(0, retry.Attempts), PerTryTimeout: rule.BackendRequestTimeout) : policy?.Retries,
            };
        }

        // The outbound path records its own request metrics (reporter source, the cluster that answered).
        exchange.RecordedByOutbound = true;
        await outbound.HandleAsync(exchange.Context, port with { Rules = [], Policy = policy }).ConfigureAwait(false);
    }

    private static async Task RedirectAsync(Exchange exchange, RedirectFilter redirect)
    {
        var context = exchange.Context;
        var location = IngressFilters.Location(redirect, context.Request, exchange.Host ?? string.Empty, exchange.Port.Port, exchange.Port.Protocol == IngressProtocol.Https, exchange.Match);
        exchange.Flags = "-";
        exchange.ApplyResponseModifiers();
        context.Response.StatusCode = redirect.StatusCode is >= 300 and < 400 ? redirect.StatusCode : StatusCodes.Status302Found;
        context.Response.Headers.Location = location;
        await context.Response.CompleteAsync().ConfigureAwait(false);
    }

    private static async Task AnswerAsync(Exchange exchange, int status, string message, string flags)
    {
        var context = exchange.Context;
        exchange.Flags = flags;
        exchange.Message = message;
        context.Response.StatusCode = status;
        if (IsGrpc(context.Request))
        {
            // A trailers-only gRPC answer: HTTP 200 with the status in the headers.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = status switch
            {
                StatusCodes.Status404NotFound => "12",
                StatusCodes.Status504GatewayTimeout => "4",
                _ => "14",
            };
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static bool IsGrpc(HttpRequest request) =>
        request.ContentType is { } type && type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase);

    private void Record(Exchange exchange)
    {
        var context = exchange.Context;
        var code = context.Response.StatusCode;
        var elapsed = Stopwatch.GetElapsedTime(exchange.Started);
        metrics.IngressRequest(exchange.Listener ?? "-", exchange.Route ?? "-", code);
        if (!exchange.RecordedByOutbound)
        {
            var own = gateway()?.Cluster ?? string.Empty;
            var labels = new TrafficLabels("source", own, own, exchange.DestinationService ?? new ServiceKey("unknown", "unknown", 0), false, exchange.DestinationHost ?? "unknown");
            var grpcStatus = context.Response.Headers["grpc-status"].ToString();
            metrics.Request(labels, IsGrpc(context.Request) ? "grpc" : "http", code, grpcStatus.Length > 0 ? grpcStatus : exchange.Transformer?.GrpcStatus ?? string.Empty, exchange.Flags, elapsed, context.Request.ContentLength ?? 0, exchange.Transformer?.ResponseBytes ?? 0);
        }

        if (logger.IsEnabled(LogLevel.Debug))
        {
            GatewayLog.IngressRequest(logger, context.Request.Method, exchange.Host ?? string.Empty, context.Request.Path.Value ?? "/", exchange.Port.Port, code, exchange.Flags, exchange.Route ?? "-", exchange.Backend ?? "-", elapsed.TotalMilliseconds, exchange.Message ?? string.Empty);
        }
    }

    /// <summary>One request's state through the handler.</summary>
    private sealed class Exchange(HttpContext context, IngressPortTable port, long started)
    {
        private List<HeaderModifierFilter>? _responseModifiers;

        public HttpContext Context { get; } = context;

        public IngressPortTable Port { get; } = port;

        public long Started { get; } = started;

        public string? Host { get; set; }

        public string? Listener { get; set; }

        public string? Route { get; set; }

        public string? Backend { get; set; }

        public PathMatchModel? Match { get; set; }

        public string Flags { get; set; } = "-";

        public string? Message { get; set; }

        public string? DestinationHost { get; set; }

        public ServiceKey? DestinationService { get; set; }

        public ForwardingTransformer? Transformer { get; set; }

        public bool RecordedByOutbound { get; set; }

        /// <summary>Response header modifiers run when the response starts, whoever answers (backend or gateway).</summary>
        public void AddResponseModifier(HeaderModifierFilter modifier)
        {
            if (_responseModifiers is null)
            {
                _responseModifiers = [];
                Context.Response.OnStarting(static state =>
                {
                    ((Exchange)state).ApplyResponseModifiers();
                    return Task.CompletedTask;
                }, this);
            }

            _responseModifiers.Add(modifier);
        }

        public void ApplyResponseModifiers()
        {
            if (_responseModifiers is null)
            {
                return;
            }

            foreach (var modifier in _responseModifiers)
            {
                IngressFilters.Modify(Context.Response.Headers, modifier);
            }

            _responseModifiers = null;
        }
    }
}
