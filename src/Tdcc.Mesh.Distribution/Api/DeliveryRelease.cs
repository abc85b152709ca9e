using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>A Helm release in a Delivery: its identity, the chart version rendered, its revision in this cluster and its manifests.</summary>
public sealed record DeliveryRelease
{
    /// <summary>The release name.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace the release is installed into.</summary>
    public string? Namespace { get; init; }

    /// <summary>The chart name.</summary>
    public string? Chart { get; init; }

    /// <summary>The chart version the feed's version (or range) resolved to.</summary>
    public string? Version { get; init; }

    /// <summary>1 for the first rendering in this cluster; incremented each time the rendered release changes.</summary>
    public int? Revision { get; init; }

    /// <summary>The rendered objects (CRDs and Namespaces first).</summary>
    public ImmutableArray<JsonElement>? Manifests { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
