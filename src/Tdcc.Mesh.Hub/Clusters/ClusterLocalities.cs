using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Hub.Clusters;

/// <summary>
/// Where a member runs: the topology labels its agent reports on its ManagedCluster (from <c>--region</c>/<c>--zone</c>,
/// or its nodes' labels; see AgentHost), the cluster's name where they are missing.
/// </summary>
public static class ClusterLocalities
{
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";

    /// <summary>The locality of a cluster from its ManagedCluster labels.</summary>
    public static ClusterLocalityModel FromLabels(string cluster, IReadOnlyDictionary<string, string>? labels) =>
        new(cluster, labels?.GetValueOrDefault(RegionLabel) ?? cluster, labels?.GetValueOrDefault(ZoneLabel) ?? cluster);
}
