using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>
/// How many more pods of a template fit in a cluster: per node, the fewest of free CPU ÷ the pod's CPU request, free
/// memory ÷ its memory request and free pod slots (free = allocatable − requested, at least 0); summed over the nodes.
/// A node that cannot hold one pod adds 0, so scattered crumbs of capacity never count. A cluster reporting only an
/// aggregate is treated as one node (this overestimates a fragmented cluster). A zero request does not limit.
/// </summary>
public static class CapacityEstimator
{
    /// <summary>The pods of <paramref name="podRequest"/> that fit in <paramref name="cluster"/>.</summary>
    public static long PodsThatFit(ClusterFacts cluster, ResourceAmount podRequest)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Nodes.IsDefaultOrEmpty)
        {
            return cluster.Aggregate is { } aggregate ? PodsThatFit(aggregate, podRequest) : 0;
        }

        long total = 0;
        foreach (var node in cluster.Nodes)
        {
            total += PodsThatFit(node, podRequest);
        }

        return total;
    }

    /// <summary>The pods of <paramref name="podRequest"/> that fit on one node.</summary>
    public static long PodsThatFit(NodeResources node, ResourceAmount podRequest)
    {
        var free = node.Free;
        var fit = free.Pods;
        if (podRequest.MilliCpu > 0)
        {
            fit = Math.Min(fit, free.MilliCpu / podRequest.MilliCpu);
        }

        if (podRequest.MemoryBytes > 0)
        {
            fit = Math.Min(fit, free.MemoryBytes / podRequest.MemoryBytes);
        }

        return Math.Max(0, fit);
    }
}
