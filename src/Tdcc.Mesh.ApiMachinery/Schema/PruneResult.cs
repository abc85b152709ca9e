using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Schema;

/// <summary>The pruned object and the paths of the fields that were dropped (for strict/warn field validation).</summary>
/// <param name="Pruned">The pruned copy.</param>
/// <param name="UnknownFields">Dropped fields as <c>spec.foo</c> or <c>spec.items[0].bar</c>, in document order.</param>
public sealed record PruneResult(JsonNode Pruned, IReadOnlyList<string> UnknownFields);
