using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Hub.Clusters;

/// <summary>
/// The members of the clusterset as the hub's ManagedCluster cache says now: joined, not withdrawn, not leaving. A
/// member that joins later is a member from its first heartbeat on; xDS snapshots and gateway certificates follow it.
/// </summary>
public sealed class ClusterSetMembers(IInformerStore<ManagedCluster> clusters)
{
    /// <summary>The members' names, in order.</summary>
    public IReadOnlyList<string> Names() => [.. Current().Select(c => c.Metadata.Name!)];

    /// <summary>Each member's locality, from the labels its agent reports.</summary>
    public IReadOnlyList<ClusterLocalityModel> Localities() =>
        [.. Current().Select(c => ClusterLocalities.FromLabels(c.Metadata.Name!, c.Metadata.Labels))];

    /// <summary>
    /// Each member's east-west gateway from its <c>status.gateway</c> (address null behind NAT or when not reported; the
    /// default tunnel port when none is reported).
    /// </summary>
    public IReadOnlyList<ClusterGatewayModel> Gateways() =>
        [.. Current().Select(c => new ClusterGatewayModel(
            c.Metadata.Name!,
            string.IsNullOrEmpty(c.Status?.Gateway?.Address) ? null : c.Status.Gateway.Address,
            c.Status?.Gateway?.Port is > 0 and <= 65535 and var port ? port : 15443))];

    /// <summary>Whether <paramref name="cluster"/> is a member now.</summary>
    public static bool IsMember(ManagedCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var conditions = cluster.Status?.Conditions;
        return cluster.Metadata.DeletionTimestamp is null
            && !string.IsNullOrEmpty(cluster.Metadata.Name)
            && ConditionSet.IsTrue(conditions, ClusterConditions.Joined)
            && !ConditionSet.IsTrue(conditions, ClusterConditions.Withdrawn);
    }

    private IEnumerable<ManagedCluster> Current() =>
        clusters.List().Where(IsMember).OrderBy(c => c.Metadata.Name, StringComparer.Ordinal);
}
