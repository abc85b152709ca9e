using System.Collections.Immutable;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>A placement: the assignments (ordered by cluster name) and the clusters bound when it was decided.</summary>
public sealed record Placement(ImmutableArray<ClusterAssignment> Assignments, ImmutableArray<string> BindingClusters)
{
    /// <summary>No placement yet.</summary>
    public static Placement Empty { get; } = new([], []);

    /// <summary>Replicas over the assignments that are not being evicted.</summary>
    public int ActiveReplicas => Assignments.Where(a => !a.Evicting).Sum(a => a.Replicas);

    /// <summary>The replicas of <paramref name="cluster"/>'s active assignment, or 0.</summary>
    public int ReplicasOf(string cluster) =>
        Assignments.FirstOrDefault(a => !a.Evicting && a.Cluster == cluster)?.Replicas ?? 0;
}
