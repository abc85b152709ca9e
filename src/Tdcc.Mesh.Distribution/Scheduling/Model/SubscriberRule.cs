using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>One subscriber as the scheduler reads it: every given part must hold for a cluster to match.</summary>
public sealed record SubscriberRule
{
    /// <summary>Only these clusters; null means any name.</summary>
    public ImmutableHashSet<string>? ClusterNames { get; init; }

    /// <summary>Selector over the cluster labels.</summary>
    public LabelSelector Labels { get; init; } = LabelSelector.Everything;

    /// <summary>Requirements on region and zone.</summary>
    public ImmutableArray<TopologyRequirement> Fields { get; init; } = [];

    /// <summary>Static division weight of the clusters it matches.</summary>
    public int Weight { get; init; } = 1;

    /// <summary>Whether <paramref name="cluster"/> matches.</summary>
    public bool Matches(ClusterFacts cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if ((ClusterNames is not null && !ClusterNames.Contains(cluster.Name)) || !MatchesLabels(cluster.Labels))
        {
            return false;
        }

        foreach (var field in Fields)
        {
            if (!field.Matches(cluster))
            {
                return false;
            }
        }

        return true;
    }

    private bool MatchesLabels(IReadOnlyDictionary<string, string> labels)
    {
        if (Labels.IsEverything)
        {
            return true;
        }

        if (Labels.Requirements.Count == 0)
        {
            // LabelSelector.Nothing.
            return false;
        }

        // The requirements one by one: LabelSelector.Matches allocates a closure per call, and this runs per cluster per decision.
        foreach (var requirement in Labels.Requirements)
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when <paramref name="cluster"/> matches, else the first part that does not hold, in words.</summary>
    public string? Explain(ClusterFacts cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (ClusterNames is not null && !ClusterNames.Contains(cluster.Name))
        {
            return "cluster is not in clusterNames";
        }

        if (!Labels.Matches(cluster.Labels))
        {
            return $"cluster labels do not match {Labels}";
        }

        foreach (var field in Fields)
        {
            if (field.Explain(cluster) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }
}
