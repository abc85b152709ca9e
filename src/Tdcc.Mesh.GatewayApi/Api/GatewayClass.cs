using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>gateway.networking.k8s.io/v1.GatewayClass</c> (cluster-scoped): a kind of Gateway and the controller that serves it.</summary>
public sealed record GatewayClass : IKubeObject<GatewayClass>
{
    /// <summary>Where GatewayClass objects are served.</summary>
    public static ResourceType Resource { get; } = new(GatewayApiGroups.Gateway, GatewayApiGroups.Version, GatewayApiGroups.GatewayClassKind, "gatewayclasses", Namespaced: false);

    public static JsonTypeInfo<GatewayClass> JsonTypeInfo => GatewayApiJsonContext.Default.GatewayClass;

    public static JsonTypeInfo<KubeList<GatewayClass>> ListJsonTypeInfo => GatewayApiJsonContext.Default.KubeListGatewayClass;

    public string? ApiVersion { get; init; } = GatewayApiGroups.ApiVersion;
    public string? Kind { get; init; } = GatewayApiGroups.GatewayClassKind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public GatewayClassSpec? Spec { get; init; }
    public GatewayClassStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public GatewayClass WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a GatewayClass.</summary>
public sealed record GatewayClassSpec
{
    /// <summary>The controller that serves Gateways of this class, e.g. <c>tdcc.io/gateway-controller</c>; immutable.</summary>
    public required string ControllerName { get; init; }

    /// <summary>Implementation-specific parameters (none are read by TDCC: a class naming some is not accepted).</summary>
    public ParametersReference? ParametersRef { get; init; }

    /// <summary>A human-readable description.</summary>
    public string? Description { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A reference to a parameters resource of a GatewayClass.</summary>
public sealed record ParametersReference
{
    public required string Group { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public string? Namespace { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a GatewayClass: condition <c>Accepted</c>.</summary>
public sealed record GatewayClassStatus
{
    public ImmutableArray<Condition> Conditions { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name (such as <c>supportedFeatures</c>), kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
