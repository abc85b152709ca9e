using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Mcs.Api;

/// <summary><c>core/v1.SessionAffinityConfig</c>.</summary>
public sealed record SessionAffinityConfig
{
    [JsonPropertyName("clientIP")]
    public ClientIPConfig? ClientIP { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>core/v1.ClientIPConfig</c>.</summary>
public sealed record ClientIPConfig
{
    public int? TimeoutSeconds { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
