namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Prefers room: the pods of the template that still fit, relative to the roomiest candidate (100).</summary>
public sealed class CapacityScorer(int weight = 2) : IClusterScorer
{
    public string Name => "Capacity";

    public int Weight => weight;

    public void Score(SchedulingContext context, IReadOnlyList<CandidateCluster> candidates, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        long max = 0;
        foreach (var candidate in candidates)
        {
            max = Math.Max(max, candidate.EstimatedPods);
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            scores[i] = max == 0 ? 0 : 100.0 * candidates[i].EstimatedPods / max;
        }
    }
}
