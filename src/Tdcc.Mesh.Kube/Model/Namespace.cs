using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Namespace</c>.</summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "Type names are the Kubernetes kind names.")]
public sealed record Namespace : IKubeObject<Namespace>
{
    /// <summary>Where Namespace objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Namespace", "namespaces", Namespaced: false);

    public static JsonTypeInfo<Namespace> JsonTypeInfo => KubeJsonContext.Default.Namespace;

    public static JsonTypeInfo<KubeList<Namespace>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListNamespace;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Namespace";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public NamespaceSpec? Spec { get; init; }
    public NamespaceStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Namespace WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a namespace.</summary>
public sealed record NamespaceSpec
{
    public ImmutableArray<string>? Finalizers { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Status of a namespace.</summary>
public sealed record NamespaceStatus
{
    /// <summary><c>Active</c> or <c>Terminating</c>.</summary>
    public string? Phase { get; init; }
    public ImmutableArray<ResourceCondition>? Conditions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
