using System.Text;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>Keeps the clusters matching at least one subscriber (names, labels, region/zone).</summary>
public sealed class SubscriberFilter : IClusterFilter
{
    public string Name => "Subscribers";

    public RejectionEffect? Filter(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        foreach (var subscriber in request.Subscribers)
        {
            if (subscriber.Matches(cluster))
            {
                return null;
            }
        }

        return RejectionEffect.Evict;
    }

    public string Explain(ClusterFacts cluster, SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Subscribers.IsDefaultOrEmpty)
        {
            return "the subscription has no subscribers";
        }

        if (request.Subscribers.Length == 1)
        {
            return request.Subscribers[0].Explain(cluster) ?? string.Empty;
        }

        var reasons = new StringBuilder("cluster matches no subscriber: ");
        reasons.AppendJoin("; ", request.Subscribers.Select(s => s.Explain(cluster)));
        return reasons.ToString();
    }
}
