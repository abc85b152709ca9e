using System.Globalization;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Keeps Ready clusters; a not-Ready cluster keeps its replicas for the failover grace period.</summary>
public sealed class ReadyFilter : IClusterFilter
{
    public string Name => "Ready";

    public ClusterRejection? Filter(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        if (cluster.Ready)
        {
            return null;
        }

        var since = cluster.NotReadySince is { } time
            ? " since " + time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
            : string.Empty;
        return new ClusterRejection(cluster.Name, Name, "cluster is not Ready" + since, RejectionEffect.EvictAfterGracePeriod);
    }
}
