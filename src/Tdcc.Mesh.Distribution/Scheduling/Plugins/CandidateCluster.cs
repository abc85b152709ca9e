using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>A cluster that passed every filter, with what the steps after filtering read about it.</summary>
public sealed class CandidateCluster
{
    internal CandidateCluster(ClusterFacts facts, long estimatedPods, int existingReplicas, int weight, ulong tieKey)
    {
        Facts = facts;
        EstimatedPods = estimatedPods;
        ExistingReplicas = existingReplicas;
        Weight = weight;
        TieKey = tieKey;
    }

    public ClusterFacts Facts { get; }

    /// <summary>How many more pods of the feed's template fit (see <see cref="Steps.CapacityEstimator"/>).</summary>
    public long EstimatedPods { get; }

    /// <summary>The replicas the previous placement gave this cluster (active, not evicting).</summary>
    public int ExistingReplicas { get; }

    /// <summary>The static weight: the sum of the weights of the subscribers matching the cluster.</summary>
    public int Weight { get; }

    /// <summary>The deterministic tie-break key (see <see cref="Steps.TieBreak"/>).</summary>
    public ulong TieKey { get; }

    /// <summary>The summed score, set by the scheduler after scoring.</summary>
    public double Score { get; internal set; }

    public override string ToString() => Facts.Name;
}
