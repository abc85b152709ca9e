using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>
/// A score step: rates every feasible cluster from 0 to 100. The scheduler sums <see cref="Weight"/> × score over
/// the scorers and chooses the highest first (for <see cref="SchedulingRequest.MaxClusters"/> and spread).
/// </summary>
public interface IClusterScorer
{
    /// <summary>The plugin name.</summary>
    string Name { get; }

    /// <summary>The weight of this scorer in the sum.</summary>
    int Weight { get; }

    /// <summary>Writes a score in [0, 100] for each candidate into <paramref name="scores"/> (same order).</summary>
    void Score(SchedulingContext context, IReadOnlyList<CandidateCluster> candidates, Span<double> scores);
}
