using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>A header condition (<c>HTTPHeaderMatch</c>, <c>GRPCHeaderMatch</c>); names are case-insensitive.</summary>
public sealed record HeaderMatch
{
    /// <summary><c>Exact</c> (default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The header name; of several entries with one name only the first counts.</summary>
    public required string Name { get; init; }

    /// <summary>The value to compare with.</summary>
    public required string Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
