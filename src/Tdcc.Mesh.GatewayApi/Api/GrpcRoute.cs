using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>gateway.networking.k8s.io/v1.GRPCRoute</c>: routing rules for gRPC requests (by service, method and headers).</summary>
public sealed record GrpcRoute : IKubeObject<GrpcRoute>
{
    /// <summary>Where GRPCRoute objects are served.</summary>
    public static ResourceType Resource { get; } = new(GatewayApiGroups.Gateway, GatewayApiGroups.Version, GatewayApiGroups.GrpcRouteKind, "grpcroutes", Namespaced: true);

    public static JsonTypeInfo<GrpcRoute> JsonTypeInfo => GatewayApiJsonContext.Default.GrpcRoute;

    public static JsonTypeInfo<KubeList<GrpcRoute>> ListJsonTypeInfo => GatewayApiJsonContext.Default.KubeListGrpcRoute;

    public string? ApiVersion { get; init; } = GatewayApiGroups.ApiVersion;
    public string? Kind { get; init; } = GatewayApiGroups.GrpcRouteKind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public GrpcRouteSpec? Spec { get; init; }
    public RouteStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public GrpcRoute WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a GRPCRoute.</summary>
public sealed record GrpcRouteSpec
{
    /// <summary>What the route attaches to (for the mesh: ServiceImports or Services).</summary>
    public ImmutableArray<ParentReference>? ParentRefs { get; init; }

    /// <summary>Host names to match; a mesh route's parent already names the service, so they are not used.</summary>
    public ImmutableArray<string>? Hostnames { get; init; }

    /// <summary>The rules, at most 16.</summary>
    public ImmutableArray<GrpcRouteRule>? Rules { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One GRPCRoute rule: matches (any of), filters and weighted backends.</summary>
public sealed record GrpcRouteRule : IRouteRule<GrpcRouteMatch>
{
    /// <summary>An optional name, unique within the route.</summary>
    public string? Name { get; init; }

    /// <summary>Alternatives; none matches every request.</summary>
    public ImmutableArray<GrpcRouteMatch>? Matches { get; init; }

    /// <summary>Filters (none is supported by the mesh yet).</summary>
    public ImmutableArray<RouteFilter>? Filters { get; init; }

    /// <summary>Where matching requests go.</summary>
    public ImmutableArray<BackendRef>? BackendRefs { get; init; }

    /// <summary>Fields this model does not name (such as <c>sessionPersistence</c>), kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One GRPCRoute match: a method condition and header conditions, all of which must hold.</summary>
public sealed record GrpcRouteMatch
{
    /// <summary>The service and/or method; absent matches every method.</summary>
    public GrpcMethodMatch? Method { get; init; }

    /// <summary>Header (metadata) conditions.</summary>
    public ImmutableArray<HeaderMatch>? Headers { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A gRPC service/method condition; at least one of the two is set.</summary>
public sealed record GrpcMethodMatch
{
    /// <summary><c>Exact</c> (default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The fully qualified service, e.g. <c>tdcc.echo.v1.Echo</c>; absent matches any service.</summary>
    public string? Service { get; init; }

    /// <summary>The method, e.g. <c>Echo</c>; absent matches any method.</summary>
    public string? Method { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
