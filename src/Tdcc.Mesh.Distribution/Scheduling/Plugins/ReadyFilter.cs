using System.Globalization;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Keeps Ready clusters; a not-Ready cluster keeps its replicas for the failover grace period.</summary>
public sealed class ReadyFilter : IClusterFilter
{
    public string Name => "Ready";

    public RejectionEffect? Filter(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Ready ? null : RejectionEffect.EvictAfterGracePeriod;
    }

    public string Explain(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.NotReadySince is { } time
            ? "cluster is not Ready since " + time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : "cluster is not Ready";
    }
}
