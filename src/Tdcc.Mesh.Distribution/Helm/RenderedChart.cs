using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>A rendered release: the chart version the range resolved to and its manifests (CRDs, then Namespaces, then the rest in helm's order).</summary>
public sealed record RenderedChart(string Chart, string Version, ImmutableArray<JsonObject> Manifests);
