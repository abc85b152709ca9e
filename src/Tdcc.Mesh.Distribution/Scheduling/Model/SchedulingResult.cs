using System.Collections.Immutable;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>
/// A decision: the new placement, the rejections with their reasons (the first ones, see <see cref="UnreportedRejections"/>), and whether the request is fully met. When it is not
/// (<see cref="Schedulable"/> false), <see cref="Message"/> says why; the placement is then the best effort (Dynamic
/// division short of capacity) or the previous one (too few clusters).
/// </summary>
public sealed record SchedulingResult(Placement Placement, ImmutableArray<ClusterRejection> Rejections, bool Schedulable, string? Message)
{
    /// <summary>Rejections past the scheduler's reporting limit: counted, not worded (not in <see cref="Rejections"/>).</summary>
    public int UnreportedRejections { get; init; }

    /// <summary>Whether an old copy is kept while its replicas come up elsewhere.</summary>
    public bool Rescheduling => Placement.Assignments.Any(a => a.Evicting);
}
