using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Xds.Translation.Model;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>Where each member runs, from its nodes' topology labels (the simulated nodes carry region = the cluster, zone = &lt;cluster&gt;-a|b|c).</summary>
internal static class ClusterLocalities
{
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    public static async Task<IReadOnlyList<ClusterLocalityModel>> ReadAsync(IEnumerable<ISimulatedCluster> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        var localities = new List<ClusterLocalityModel>();
        foreach (var member in members)
        {
            var nodes = await member.Client.Resource<Node>().ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            localities.Add(Of(member.Name, nodes.Items));
        }

        return localities;
    }

    /// <summary>The locality of a cluster: the region most of its nodes name and the first zone in order; the cluster name when the labels are missing.</summary>
    public static ClusterLocalityModel Of(string cluster, IEnumerable<Node> nodes)
    {
        var labels = nodes.Select(n => n.Metadata.Labels).Where(l => l is not null).ToList();
        var region = labels.Select(l => l!.GetValueOrDefault(RegionLabel)).OfType<string>()
            .GroupBy(r => r, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        var zone = labels.Select(l => l!.GetValueOrDefault(ZoneLabel)).OfType<string>().Order(StringComparer.Ordinal).FirstOrDefault();
        return new ClusterLocalityModel(cluster, region ?? cluster, zone ?? cluster);
    }
}
