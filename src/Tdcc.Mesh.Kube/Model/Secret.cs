using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>core/v1.Secret</c>. <see cref="Data"/> values are base64 as on the wire; <see cref="StringData"/> is write-only plain text.</summary>
public sealed record Secret : IKubeObject<Secret>
{
    /// <summary>Where Secret objects are served.</summary>
    public static ResourceType Resource { get; } = new("", "v1", "Secret", "secrets", Namespaced: true);

    public static JsonTypeInfo<Secret> JsonTypeInfo => KubeJsonContext.Default.Secret;

    public static JsonTypeInfo<KubeList<Secret>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListSecret;

    public string? ApiVersion { get; init; } = "v1";
    public string? Kind { get; init; } = "Secret";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public string? Type { get; init; }
    public ImmutableDictionary<string, string>? Data { get; init; }
    public ImmutableDictionary<string, string>? StringData { get; init; }
    public bool? Immutable { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Secret WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };

    /// <summary>A <see cref="Data"/> value decoded from base64 as UTF-8 text; null when absent or not base64.</summary>
    public string? DecodedValue(string key)
    {
        if (Data?.TryGetValue(key, out var encoded) != true || encoded is null)
        {
            return null;
        }

        try
        {
            return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
