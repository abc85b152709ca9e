using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>What score plugins may read besides the candidates: the request and every cluster (including rejected ones).</summary>
public sealed class SchedulingContext(SchedulingRequest request, IReadOnlyList<ClusterFacts> clusters)
{
    public SchedulingRequest Request { get; } = request;

    /// <summary>All clusters the decision saw, in input order.</summary>
    public IReadOnlyList<ClusterFacts> Clusters { get; } = clusters;
}
