using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>metav1.LabelSelector</c>: all of <see cref="MatchLabels"/> and all of <see cref="MatchExpressions"/> must match.</summary>
public sealed record LabelSelector
{
    public ImmutableDictionary<string, string>? MatchLabels { get; init; }
    public ImmutableArray<LabelSelectorRequirement>? MatchExpressions { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One expression of a label selector.</summary>
public sealed record LabelSelectorRequirement
{
    public required string Key { get; init; }
    /// <summary><c>In</c>, <c>NotIn</c>, <c>Exists</c> or <c>DoesNotExist</c>.</summary>
    public required string Operator { get; init; }
    public ImmutableArray<string>? Values { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
