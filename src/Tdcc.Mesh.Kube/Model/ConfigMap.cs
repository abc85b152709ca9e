using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.ConfigMap</c>.</summary>
public sealed record ConfigMap : IKubeObject<ConfigMap>
{
    /// <summary>Where ConfigMap objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "ConfigMap", "configmaps", Namespaced: true);

    public static JsonTypeInfo<ConfigMap> JsonTypeInfo => KubeJsonContext.Default.ConfigMap;

    public static JsonTypeInfo<KubeList<ConfigMap>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListConfigMap;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "ConfigMap";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public ImmutableDictionary<string, string>? Data { get; init; }
    /// <summary>Base64-encoded values.</summary>
    public ImmutableDictionary<string, string>? BinaryData { get; init; }
    public bool? Immutable { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public ConfigMap WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}
