using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary>A Secret by namespace and name.</summary>
public sealed record SecretReference
{
    public string? Namespace { get; init; }
    public string? Name { get; init; }

    /// <summary>Fields this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
