namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>
/// Prefers staying where the feeds already are: 100 for a cluster holding replicas, 50 for one in the region of a
/// cluster that held them (a failed cluster's work moves nearby first), 0 otherwise.
/// </summary>
public sealed class LocalityScorer(int weight = 1) : IClusterScorer
{
    public string Name => "Locality";

    public int Weight => weight;

    public void Score(SchedulingContext context, IReadOnlyList<CandidateCluster> candidates, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(candidates);
        HashSet<string>? regions = null;
        var previous = context.Request.Previous.Assignments;
        if (!previous.IsDefaultOrEmpty)
        {
            var placed = previous.Select(a => a.Cluster).ToHashSet(StringComparer.Ordinal);
            regions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var cluster in context.Clusters)
            {
                if (placed.Contains(cluster.Name) && cluster.Topology(Api.TopologyKeys.Region) is { } region)
                {
                    regions.Add(region);
                }
            }
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            scores[i] = candidate.ExistingReplicas > 0 ? 100
                : regions is not null && candidate.Facts.Topology(Api.TopologyKeys.Region) is { } region && regions.Contains(region) ? 50
                : 0;
        }
    }
}
