using System.Text.Json.Nodes;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>A feed of a subscription with its template (<see cref="ManifestRenderer.Template"/> of the hub object).</summary>
public sealed record FeedTemplate(Feed Feed, JsonObject Template)
{
    /// <summary>The feed's key in <see cref="PlacementDecision.FeedReplicas"/>: <c>Kind/namespace/name</c>.</summary>
    public string Key => ManifestRenderer.FeedKey(Feed.Kind, Feed.Namespace, Feed.Name);
}
