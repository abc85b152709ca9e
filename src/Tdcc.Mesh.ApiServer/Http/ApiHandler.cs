using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.OpenApi;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>The request entry point of one API server: health, version, discovery, OpenAPI, then resources.</summary>
internal sealed partial class ApiHandler
{
    private readonly ObjectService _objects;
    private readonly ResourceHandler _resources;
    private readonly KubeApiServerOptions _options;
    private readonly ILogger _logger;
    private readonly Auth.AuthGate? _auth;
    private readonly PostSubresources _postSubresources;
    private readonly Auth.AccessReviews _reviews;
    private readonly TimeProvider _time;
    private Metrics.IPodMetricsSource? _podMetrics;

    public ApiHandler(ObjectService objects, KubeApiServerOptions options, TimeProvider time, ILogger logger)
    {
        _objects = objects;
        _options = options;
        _time = time;
        _logger = logger;
        _resources = new ResourceHandler(objects, options, time);
        var store = new ApiStore(objects);
        var boundTokens = Auth.BoundServiceAccountTokens.Create(options.DataDirectory, store, time);
        _auth = options.Auth is null ? null : new Auth.AuthGate(store, options.Auth, time, logger, boundTokens);
        _postSubresources = new PostSubresources(objects, boundTokens, time, logger);
        _reviews = new Auth.AccessReviews(store, options.Auth, boundTokens, time);
    }

    /// <summary>host:port clients reach this server at (for APIVersions).</summary>
    public string ServerAddress { get; set; } = "127.0.0.1:0";

    /// <summary>Where <c>pods/log</c> reads container logs; null answers as a node without the container's log.</summary>
    public Logs.IPodLogSource? PodLogs { get; set; }

    /// <summary>Where <c>metrics.k8s.io</c> reads usage; null leaves the group unserved.</summary>
    public Metrics.IPodMetricsSource? PodMetrics
    {
        get => _podMetrics;
        set
        {
            _podMetrics = value;
            _objects.SetSourcedResources(value is null ? [] : Metrics.MetricsApi.Definitions);
        }
    }

    /// <summary>Set when the server starts stopping: new requests get 503 with Retry-After.</summary>
    public bool Stopping { get; set; }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            if (Stopping)
            {
                throw new ApiException(503, "ServiceUnavailable", "The apiserver is shutting down, please try again later.", retryAfterSeconds: 1);
            }

            await DispatchAsync(context).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await RefuseAsync(context, e).ConfigureAwait(false);
        }
        catch (SelectorParseException e)
        {
            await RefuseAsync(context, ApiException.BadRequest(e.Message)).ConfigureAwait(false);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            // Kestrel could not read the request (bad chunked framing, a body over its limit): the client's mistake.
            var reason = e.StatusCode == 413 ? "RequestEntityTooLarge" : "BadRequest";
            await RefuseAsync(context, new ApiException(e.StatusCode, reason, $"the request body could not be read: {e.Message}")).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException or NullReferenceException or InvalidCastException or System.Text.Json.JsonException)
        {
            LogUnexpected(_logger, _options.ClusterName, context.Request.Method, context.Request.Path, e);
            await WriteErrorIfPossibleAsync(context, new ApiException(500, "InternalError", $"Internal error occurred: {e.Message}")).ConfigureAwait(false);
        }
    }

    private static Task WriteErrorIfPossibleAsync(HttpContext context, ApiException error) =>
        context.Response.HasStarted ? Task.CompletedTask : HttpResponses.WriteErrorAsync(context, error);

    /// <summary>A refused request: one debug line, then kube's Status.</summary>
    private Task RefuseAsync(HttpContext context, ApiException error)
    {
        LogRefused(_logger, _options.ClusterName, context.Request.Method, context.Request.Path, error.Code, error.Reason, error.Message);
        return WriteErrorIfPossibleAsync(context, error);
    }

    private static string[] Segments(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    private async Task DispatchAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        var segments = Segments(path);
        if (_auth is not null && !await _auth.AdmitAsync(context, segments).ConfigureAwait(false))
        {
            return;
        }

        if (segments.Length == 0)
        {
            await HttpResponses.WriteJsonAsync(context, 200, new JsonObject
            {
                ["paths"] = new JsonArray("/api", "/api/v1", "/apis", "/healthz", "/livez", "/openapi/v3", "/readyz", "/version"),
            }).ConfigureAwait(false);
            return;
        }

        switch (segments[0])
        {
            case "healthz" or "livez" or "readyz":
                await HttpResponses.WriteTextAsync(context, 200, "ok").ConfigureAwait(false);
                return;
            case "version" when segments.Length == 1:
                await HttpResponses.WriteJsonAsync(context, 200, VersionInfo()).ConfigureAwait(false);
                return;
            case "openapi":
                await OpenApiAsync(context, segments).ConfigureAwait(false);
                return;
            case "api":
                await ApiAsync(context, segments, string.Empty, 1).ConfigureAwait(false);
                return;
            case "apis":
                await ApisAsync(context, segments).ConfigureAwait(false);
                return;
            default:
                await HttpResponses.WriteNotFoundPageAsync(context).ConfigureAwait(false);
                return;
        }
    }

    private JsonObject VersionInfo()
    {
        var version = _options.KubernetesVersion.TrimStart('v');
        var parts = version.Split('.', '-', '+');
        return new JsonObject
        {
            ["major"] = parts.Length > 0 ? parts[0] : "1",
            ["minor"] = parts.Length > 1 ? parts[1] : "32",
            ["gitVersion"] = _options.KubernetesVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2024-12-11T00:00:00Z",
            ["goVersion"] = "go1.23.3",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    private async Task OpenApiAsync(HttpContext context, string[] segments)
    {
        RequireGet(context);
        var registry = _objects.Resources;
        if (segments.Length == 2 && segments[1] == "v2")
        {
            // kubectl's client-side validation (used for kinds the v3 documents don't name) reads /openapi/v2 as protobuf.
            await HttpResponses.WriteBytesAsync(context, 200, OpenApiV2.EmptyDocument, OpenApiV2.ProtobufContentType).ConfigureAwait(false);
            return;
        }

        if (segments.Length == 2 && segments[1] == "v3")
        {
            await HttpResponses.WriteJsonAsync(context, 200, OpenApiDocuments.Index(registry)).ConfigureAwait(false);
            return;
        }

        JsonObject? document = null;
        if (segments.Length == 4 && segments[1] == "v3" && segments[2] == "api")
        {
            document = OpenApiDocuments.GroupVersion(registry, string.Empty, segments[3]);
        }
        else if (segments.Length == 5 && segments[1] == "v3" && segments[2] == "apis")
        {
            document = OpenApiDocuments.GroupVersion(registry, segments[3], segments[4]);
        }

        if (document is null)
        {
            await HttpResponses.WriteNotFoundPageAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.Headers.CacheControl = "no-cache, private";
        await HttpResponses.WriteJsonAsync(context, 200, document).ConfigureAwait(false);
    }

    private async Task ApiAsync(HttpContext context, string[] segments, string group, int versionIndex)
    {
        var registry = _objects.Resources;
        if (segments.Length == versionIndex)
        {
            // "/api": the core group's versions.
            RequireGet(context);
            var negotiated = Negotiate(context);
            if (negotiated.Representation == Representation.AggregatedDiscovery)
            {
                await WriteAggregatedAsync(context, DiscoveryDocuments.Aggregated(registry, core: true, negotiated.Version!), negotiated.Version!).ConfigureAwait(false);
                return;
            }

            await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiVersions(ServerAddress)).ConfigureAwait(false);
            return;
        }

        var version = segments[versionIndex];
        if (segments.Length == versionIndex + 1)
        {
            RequireGet(context);
            var list = DiscoveryDocuments.ApiResourceList(registry, group, version);
            await (list is null ? HttpResponses.WriteNotFoundPageAsync(context) : HttpResponses.WriteJsonAsync(context, 200, list)).ConfigureAwait(false);
            return;
        }

        var request = ResourceRequest.Parse(group, version, segments.AsSpan(versionIndex + 1));
        if (request is not null && Auth.AccessReviews.Serves(request))
        {
            await _reviews.HandleAsync(context, request).ConfigureAwait(false);
            return;
        }

        var definition = request is null ? null : registry.Find(group, version, request.Resource);
        if (request is null || definition is null)
        {
            await HttpResponses.WriteNotFoundPageAsync(context).ConfigureAwait(false);
            return;
        }

        if (group.Length == 0 && request is { Resource: "pods", Subresource: "log", Name: { } pod, Namespace: { } ns })
        {
            await PodLogHandler.HandleAsync(context, _objects, definition, ns, pod, PodLogs).ConfigureAwait(false);
            return;
        }

        if (group.Length == 0 && request is { Subresource: "eviction" or "token", Name: { } target, Namespace: { } targetNs } && PostSubresources.Find(request.Resource, request.Subresource) is not null)
        {
            await _postSubresources.HandleAsync(context, definition, request.Subresource, targetNs, target).ConfigureAwait(false);
            return;
        }

        if (group == Metrics.MetricsApi.Group && _podMetrics is { } metrics)
        {
            await Metrics.MetricsApi.HandleAsync(context, _objects, request, metrics, _time.GetUtcNow()).ConfigureAwait(false);
            return;
        }

        if (StreamingSubresources.Handles(request))
        {
            StreamingSubresources.Refuse(_objects, definition, request);
        }

        var chosen = Negotiate(context, ProtobufResponses.Serves(definition));
        ProtobufResponses.Remember(context, chosen);
        await _resources.HandleAsync(context, request, definition, chosen).ConfigureAwait(false);
    }

    private async Task ApisAsync(HttpContext context, string[] segments)
    {
        var registry = _objects.Resources;
        if (segments.Length == 1)
        {
            RequireGet(context);
            var negotiated = Negotiate(context);
            if (negotiated.Representation == Representation.AggregatedDiscovery)
            {
                await WriteAggregatedAsync(context, DiscoveryDocuments.Aggregated(registry, core: false, negotiated.Version!), negotiated.Version!).ConfigureAwait(false);
                return;
            }

            await HttpResponses.WriteJsonAsync(context, 200, DiscoveryDocuments.ApiGroupList(registry)).ConfigureAwait(false);
            return;
        }

        if (segments.Length == 2)
        {
            RequireGet(context);
            var group = DiscoveryDocuments.ApiGroup(registry, segments[1]);
            await (group is null ? HttpResponses.WriteNotFoundPageAsync(context) : HttpResponses.WriteJsonAsync(context, 200, group)).ConfigureAwait(false);
            return;
        }

        await ApiAsync(context, segments, segments[1], 2).ConfigureAwait(false);
    }

    private static Negotiated Negotiate(HttpContext context, bool protobuf = false) =>
        MediaTypes.Negotiate(context.Request.Headers.Accept.ToString(), protobuf)
        ?? throw new ApiException(406, "NotAcceptable", $"only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");

    private static void RequireGet(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource");
        }
    }

    private static Task WriteAggregatedAsync(HttpContext context, JsonObject document, string version) =>
        HttpResponses.WriteJsonAsync(context, 200, document, $"application/json;g=apidiscovery.k8s.io;v={version};as=APIGroupDiscoveryList");

    [LoggerMessage(EventId = 2011, EventName = "RequestRefused", Level = LogLevel.Debug,
        Message = "Cluster {ClusterName}: refused {Method} {Path}: {Code} {Reason}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string clusterName, string method, PathString path, int code, string reason, string detail);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Cluster {ClusterName}: unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string clusterName, string method, PathString path, Exception exception);
}
