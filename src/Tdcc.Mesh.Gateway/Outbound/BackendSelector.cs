using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tunnels;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// The order in which a request or connection tries a port's backend clusters, chosen once at the sending gateway:
/// lowest priority with ready endpoints first, a weighted draw within a priority, ejected clusters (outlier detection)
/// and clusters whose gateway does not answer its probes (<see cref="PeerHealth"/>) only after all others (so a request
/// still has somewhere to go when every cluster is ejected).
/// </summary>
internal sealed class BackendSelector(OutlierTracker outliers, PeerHealth health)
{
    public IReadOnlyList<BackendCluster> Order(OutboundPort port)
    {
        if (port.Backends.IsDefaultOrEmpty)
        {
            return [];
        }

        var healthy = new List<BackendCluster>();
        var ejected = new List<BackendCluster>();
        foreach (var group in port.Backends.Where(b => b.ReadyEndpoints > 0).GroupBy(b => b.Priority).OrderBy(g => g.Key))
        {
            var candidates = group.Where(b => !Ejected(port, b)).ToList();
            ejected.AddRange(group.Where(b => Ejected(port, b)));
            while (candidates.Count > 0)
            {
                var pick = WeightedPick(candidates);
                healthy.Add(candidates[pick]);
                candidates.RemoveAt(pick);
            }
        }

        healthy.AddRange(ejected);
        return healthy;
    }

    private bool Ejected(OutboundPort port, BackendCluster backend) =>
        outliers.IsEjected(port.Service, backend.Cluster) || health.IsDown(backend.Cluster);

    private static int WeightedPick(List<BackendCluster> candidates)
    {
        long total = 0;
        foreach (var candidate in candidates)
        {
            total += Math.Max(1u, candidate.Weight);
        }

        var draw = Random.Shared.NextInt64(total);
        for (var i = 0; i < candidates.Count; i++)
        {
            draw -= Math.Max(1u, candidates[i].Weight);
            if (draw < 0)
            {
                return i;
            }
        }

        return candidates.Count - 1;
    }
}
