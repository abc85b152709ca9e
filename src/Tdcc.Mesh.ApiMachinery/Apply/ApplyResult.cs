using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>The outcome of a server-side apply.</summary>
/// <param name="Object">The object to store (with updated <c>metadata.managedFields</c>); the unchanged live object when there are conflicts.</param>
/// <param name="Conflicts">Conflicts that block the apply (empty on success or when forced).</param>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The member name is the agreed contract with the API server.")]
public sealed record ApplyResult(JsonObject Object, IReadOnlyList<ApplyConflict> Conflicts)
{
    /// <summary>Whether the apply succeeded (no blocking conflicts).</summary>
    public bool Succeeded => Conflicts.Count == 0;
}
