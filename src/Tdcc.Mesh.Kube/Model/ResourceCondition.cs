using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>The older condition shape (type, status, lastTransitionTime, reason, message) of namespaces, replica sets, stateful sets, daemon sets and CRDs.</summary>
public sealed record ResourceCondition
{
    public required string Type { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
