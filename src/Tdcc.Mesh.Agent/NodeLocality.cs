using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Agent;

/// <summary>The locality an agent reports for its member when not told: from its nodes' topology labels.</summary>
public static class NodeLocality
{
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>The region most of the nodes name and the first zone in order; null where no node has the label.</summary>
    public static (string? Region, string? Zone) Of(IEnumerable<Node> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var labels = nodes.Select(n => n.Metadata.Labels).Where(l => l is not null).ToList();
        var region = labels.Select(l => l!.GetValueOrDefault(RegionLabel)).OfType<string>()
            .GroupBy(r => r, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        var zone = labels.Select(l => l!.GetValueOrDefault(ZoneLabel)).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault();
        return (region, zone);
    }
}
