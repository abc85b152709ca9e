using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>A Helm release's state in one cluster (in a Delivery's status, and with the cluster in a Subscription's).</summary>
public sealed record ReleaseStatus
{
    /// <summary>Subscription status only: the ManagedCluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>The release name.</summary>
    public string? Name { get; init; }

    /// <summary>The namespace the release is installed into.</summary>
    public string? Namespace { get; init; }

    /// <summary>The chart name.</summary>
    public string? Chart { get; init; }

    /// <summary>The chart version.</summary>
    public string? Version { get; init; }

    /// <summary>The revision this status is about.</summary>
    public int? Revision { get; init; }

    /// <summary>One of <see cref="ReleaseStates"/>.</summary>
    public string? Status { get; init; }

    /// <summary>Why the release failed (helm's or the member's message).</summary>
    public string? Message { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
