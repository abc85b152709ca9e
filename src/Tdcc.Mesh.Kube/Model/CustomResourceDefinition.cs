using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>apiextensions.k8s.io/v1.CustomResourceDefinition</c>.</summary>
public sealed record CustomResourceDefinition : IKubeObject<CustomResourceDefinition>
{
    /// <summary>Where CustomResourceDefinition objects are served.</summary>
    public static ResourceType Resource { get; } = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false);

    public static JsonTypeInfo<CustomResourceDefinition> JsonTypeInfo => KubeJsonContext.Default.CustomResourceDefinition;

    public static JsonTypeInfo<KubeList<CustomResourceDefinition>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListCustomResourceDefinition;

    public string? ApiVersion { get; init; } = "apiextensions.k8s.io/v1";
    public string? Kind { get; init; } = "CustomResourceDefinition";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public CustomResourceDefinitionSpec? Spec { get; init; }
    public CustomResourceDefinitionStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public CustomResourceDefinition WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a CRD.</summary>
public sealed record CustomResourceDefinitionSpec
{
    public required string Group { get; init; }
    public required CustomResourceDefinitionNames Names { get; init; }
    /// <summary><c>Namespaced</c> or <c>Cluster</c>.</summary>
    public required string Scope { get; init; }
    public ImmutableArray<CustomResourceDefinitionVersion> Versions { get => field.IsDefault ? [] : field; init; }
    public JsonElement? Conversion { get; init; }
    public bool? PreserveUnknownFields { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Names of a custom resource.</summary>
public sealed record CustomResourceDefinitionNames
{
    public required string Plural { get; init; }
    public string? Singular { get; init; }
    public required string Kind { get; init; }
    public string? ListKind { get; init; }
    public ImmutableArray<string>? ShortNames { get; init; }
    public ImmutableArray<string>? Categories { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One served version of a CRD.</summary>
public sealed record CustomResourceDefinitionVersion
{
    public required string Name { get; init; }
    public bool Served { get; init; }
    public bool Storage { get; init; }
    public bool? Deprecated { get; init; }
    public string? DeprecationWarning { get; init; }
    public CustomResourceValidation? Schema { get; init; }
    public CustomResourceSubresources? Subresources { get; init; }
    public ImmutableArray<CustomResourceColumnDefinition>? AdditionalPrinterColumns { get; init; }
    public JsonElement? SelectableFields { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>The schema of a CRD version.</summary>
public sealed record CustomResourceValidation
{
    [JsonPropertyName("openAPIV3Schema")]
    public JsonElement? OpenAPIV3Schema { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Subresources of a CRD version; present (even empty) means enabled.</summary>
public sealed record CustomResourceSubresources
{
    public JsonElement? Status { get; init; }
    public JsonElement? Scale { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A column kubectl prints.</summary>
public sealed record CustomResourceColumnDefinition
{
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string JsonPath { get; init; }
    public string? Description { get; init; }
    public string? Format { get; init; }
    public int? Priority { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a CRD.</summary>
public sealed record CustomResourceDefinitionStatus
{
    public ImmutableArray<ResourceCondition>? Conditions { get; init; }
    public JsonElement? AcceptedNames { get; init; }
    public ImmutableArray<string>? StoredVersions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
