using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Conflicts;

/// <summary>The Conflict condition of one export.</summary>
/// <param name="Conflict">True when the export takes part in a conflict: it disagrees with the clusterset's resolved service, or its value is the one that wins over a disagreeing export.</param>
/// <param name="Reason">The KEP reasons joined by commas, or <c>NoConflicts</c>.</param>
/// <param name="Message">Each contested field, how this export and the winner differ, and why the winner wins (for the winner: the clusters that disagree).</param>
public sealed record ExportVerdict(bool Conflict, string Reason, string Message)
{
    /// <summary>No conflict.</summary>
    public static ExportVerdict None { get; } = new(false, McsConditions.Reasons.NoConflicts, "the export agrees with the clusterset's service");
}
