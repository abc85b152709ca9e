using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>The rejections of one decision: the first <c>limit</c> worded, the others only counted (wording costs).</summary>
public sealed class RejectionLog(int limit)
{
    private readonly List<ClusterRejection> _reported = [];

    /// <summary>Whether the next rejection is reported (and so worth wording).</summary>
    public bool Wants => _reported.Count < limit;

    /// <summary>Rejections counted but not worded.</summary>
    public int Unreported { get; private set; }

    /// <summary>Adds a worded rejection.</summary>
    public void Add(ClusterRejection rejection) => _reported.Add(rejection);

    /// <summary>Counts a rejection that is not worded.</summary>
    public void Skip() => Unreported++;

    /// <summary>The worded rejections.</summary>
    public ImmutableArray<ClusterRejection> Reported => [.. _reported];
}
