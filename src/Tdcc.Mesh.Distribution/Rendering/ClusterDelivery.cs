using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Distribution.Rendering;

/// <summary>What one cluster gets: the rendered manifests, or why they could not be rendered (then its delivery is left as it was).</summary>
public sealed record ClusterDelivery(string Cluster, ImmutableArray<JsonObject> Manifests, string? Error);
