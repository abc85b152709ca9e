using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Helpers over <see cref="IClusterFilter"/>.</summary>
public static class ClusterFilterExtensions
{
    /// <summary>Null when the cluster passes, else the rejection with its reason.</summary>
    public static ClusterRejection? Reject(this IClusterFilter filter, ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(cluster);
        return filter.Filter(cluster, request) is { } effect
            ? new ClusterRejection(cluster.Name, filter.Name, filter.Explain(cluster, request), effect)
            : null;
    }
}
