using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>gateway.networking.k8s.io/v1.HTTPRoute</c>: routing rules for HTTP requests (by path, headers, method, query).</summary>
public sealed record HttpRoute : IKubeObject<HttpRoute>
{
    /// <summary>Where HTTPRoute objects are served.</summary>
    public static ResourceType Resource { get; } = new(GatewayApiGroups.Gateway, GatewayApiGroups.Version, GatewayApiGroups.HttpRouteKind, "httproutes", Namespaced: true);

    public static JsonTypeInfo<HttpRoute> JsonTypeInfo => GatewayApiJsonContext.Default.HttpRoute;

    public static JsonTypeInfo<KubeList<HttpRoute>> ListJsonTypeInfo => GatewayApiJsonContext.Default.KubeListHttpRoute;

    public string? ApiVersion { get; init; } = GatewayApiGroups.ApiVersion;
    public string? Kind { get; init; } = GatewayApiGroups.HttpRouteKind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public HttpRouteSpec? Spec { get; init; }
    public RouteStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public HttpRoute WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of an HTTPRoute.</summary>
public sealed record HttpRouteSpec
{
    /// <summary>What the route attaches to (for the mesh: ServiceImports or Services).</summary>
    public ImmutableArray<ParentReference>? ParentRefs { get; init; }

    /// <summary>Host names to match; a mesh route's parent already names the service, so they are not used.</summary>
    public ImmutableArray<string>? Hostnames { get; init; }

    /// <summary>The rules, at most 16.</summary>
    public ImmutableArray<HttpRouteRule>? Rules { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One HTTPRoute rule: matches (any of), filters, weighted backends and timeouts.</summary>
public sealed record HttpRouteRule : IRouteRule<HttpRouteMatch>
{
    /// <summary>An optional name, unique within the route.</summary>
    public string? Name { get; init; }

    /// <summary>Alternatives; none means path prefix <c>/</c> (every request).</summary>
    public ImmutableArray<HttpRouteMatch>? Matches { get; init; }

    /// <summary>Filters (none is supported by the mesh yet).</summary>
    public ImmutableArray<RouteFilter>? Filters { get; init; }

    /// <summary>Where matching requests go.</summary>
    public ImmutableArray<BackendRef>? BackendRefs { get; init; }

    /// <summary>Request timeouts.</summary>
    public HttpRouteTimeouts? Timeouts { get; init; }

    /// <summary>Fields this model does not name (such as <c>retry</c>, <c>sessionPersistence</c>), kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Timeouts of an HTTPRoute rule, as Gateway API durations (<c>10s</c>, <c>1m30s</c>, <c>500ms</c>; <c>0s</c> disables).</summary>
public sealed record HttpRouteTimeouts
{
    /// <summary>The whole request, from the client's point of view.</summary>
    public string? Request { get; init; }

    /// <summary>One try to a backend (not supported by the mesh yet).</summary>
    public string? BackendRequest { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
