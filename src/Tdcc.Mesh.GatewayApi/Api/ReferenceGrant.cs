using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.GatewayApi.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>
/// <c>gateway.networking.k8s.io/v1beta1.ReferenceGrant</c>: lets objects of the kinds in <c>from</c> (in their namespaces)
/// refer to objects of the kinds in <c>to</c> in the grant's namespace.
/// </summary>
public sealed record ReferenceGrant : IKubeObject<ReferenceGrant>
{
    /// <summary>The served version of ReferenceGrant.</summary>
    public const string Version = "v1beta1";

    /// <summary>Where ReferenceGrant objects are served.</summary>
    public static ResourceType Resource { get; } = new(GatewayApiGroups.Gateway, Version, GatewayApiGroups.ReferenceGrantKind, "referencegrants", Namespaced: true);

    public static JsonTypeInfo<ReferenceGrant> JsonTypeInfo => GatewayApiJsonContext.Default.ReferenceGrant;

    public static JsonTypeInfo<KubeList<ReferenceGrant>> ListJsonTypeInfo => GatewayApiJsonContext.Default.KubeListReferenceGrant;

    public string? ApiVersion { get; init; } = GatewayApiGroups.Gateway + "/" + Version;
    public string? Kind { get; init; } = GatewayApiGroups.ReferenceGrantKind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ReferenceGrantSpec? Spec { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ReferenceGrant WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a ReferenceGrant.</summary>
public sealed record ReferenceGrantSpec
{
    /// <summary>Who may refer (group, kind and namespace of the referring objects).</summary>
    public ImmutableArray<ReferenceGrantFrom> From { get => field.IsDefault ? [] : field; init; }

    /// <summary>What may be referred to in the grant's namespace (group, kind, and optionally one name).</summary>
    public ImmutableArray<ReferenceGrantTo> To { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Referring objects a ReferenceGrant trusts.</summary>
public sealed record ReferenceGrantFrom
{
    /// <summary>Their group (<c>""</c> is core).</summary>
    public required string Group { get; init; }

    public required string Kind { get; init; }

    public required string Namespace { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Objects a ReferenceGrant lets others refer to.</summary>
public sealed record ReferenceGrantTo
{
    /// <summary>Their group (<c>""</c> is core).</summary>
    public required string Group { get; init; }

    public required string Kind { get; init; }

    /// <summary>One object's name; absent: every object of the kind.</summary>
    public string? Name { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
