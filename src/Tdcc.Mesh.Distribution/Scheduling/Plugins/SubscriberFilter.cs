using System.Text;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Keeps the clusters matching at least one subscriber (names, labels, region/zone).</summary>
public sealed class SubscriberFilter : IClusterFilter
{
    public string Name => "Subscribers";

    public ClusterRejection? Filter(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subscribers.IsDefaultOrEmpty)
        {
            return new ClusterRejection(cluster.Name, Name, "the subscription has no subscribers", RejectionEffect.Evict);
        }

        StringBuilder? reasons = null;
        foreach (var subscriber in request.Subscribers)
        {
            var reason = subscriber.Explain(cluster);
            if (reason is null)
            {
                return null;
            }

            if (request.Subscribers.Length == 1)
            {
                return new ClusterRejection(cluster.Name, Name, reason, RejectionEffect.Evict);
            }

            reasons = reasons is null ? new StringBuilder("cluster matches no subscriber: ") : reasons.Append("; ");
            reasons.Append(reason);
        }

        return new ClusterRejection(cluster.Name, Name, reasons!.ToString(), RejectionEffect.Evict);
    }
}
