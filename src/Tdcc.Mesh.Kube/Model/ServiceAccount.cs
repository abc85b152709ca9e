using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.ServiceAccount</c>.</summary>
public sealed record ServiceAccount : IKubeObject<ServiceAccount>
{
    /// <summary>Where ServiceAccount objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "ServiceAccount", "serviceaccounts", Namespaced: true);

    public static JsonTypeInfo<ServiceAccount> JsonTypeInfo => KubeJsonContext.Default.ServiceAccount;

    public static JsonTypeInfo<KubeList<ServiceAccount>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListServiceAccount;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "ServiceAccount";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ImmutableArray<ObjectReference>? Secrets { get; init; }
    public ImmutableArray<LocalObjectReference>? ImagePullSecrets { get; init; }
    public bool? AutomountServiceAccountToken { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ServiceAccount WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>A reference to an object in the same namespace, by name.</summary>
public sealed record LocalObjectReference
{
    public string? Name { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
