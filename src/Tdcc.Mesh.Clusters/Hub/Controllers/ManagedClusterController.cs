using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Clusters.Hub.Controllers;

/// <summary>
/// Reconciles one ManagedCluster as it or its heartbeat Lease changes: cleanup when deleted, its push agent, and the
/// heartbeat judgement, looked at again when the clock alone would change it (the heartbeat timeout, the grace period).
/// </summary>
internal sealed class ManagedClusterController(ClusterHubRuntime hub, IInformerStore<ManagedCluster> clusters) : IReconciler
{
    /// <summary>Added to a judgement's due time so the clock has passed it when the cluster is looked at again.</summary>
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>The ManagedCluster a heartbeat Lease (<c>&lt;cluster&gt;</c> in <c>tdcc-cluster-&lt;cluster&gt;</c>) belongs to.</summary>
    public static IEnumerable<ObjectKey> ClusterOfLease(Lease lease)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var name = lease.Metadata.Name;
        return name is not null && lease.Metadata.Namespace == ClustersApi.ClusterNamespace(name) ? [ObjectKey.Cluster(name)] : [];
    }

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (clusters.GetByKey(key) is not { } cluster)
        {
            return ReconcileResult.Done;
        }

        var due = await hub.ReconcileClusterAsync(cluster, cancellationToken).ConfigureAwait(false);
        return due is { } wait ? ReconcileResult.After((wait > TimeSpan.Zero ? wait : TimeSpan.Zero) + Margin) : ReconcileResult.Done;
    }
}
