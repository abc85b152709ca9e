using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Hub.Clusters;

/// <summary>
/// Joins registration to multi-cluster services, level-based: a ManagedCluster the hub gave up on (Withdrawn: offline
/// past the grace period) or that is being deleted (it left the set) has everything it exported withdrawn from the
/// hub, so no other member keeps sending it traffic. Its own finalizer makes sure a leaving cluster is withdrawn before
/// it disappears. A cluster that comes back republishes by itself: its agent recreates its hub-side exports.
/// </summary>
internal sealed partial class ClusterWithdrawalReconciler(
    IKubeClient hub,
    IInformerStore<ManagedCluster> clusters,
    ILogger<ClusterWithdrawalReconciler> logger) : IReconciler
{
    /// <summary>Held on every ManagedCluster until its exports are withdrawn.</summary>
    public const string Finalizer = "tdcc.io/withdraw-exports";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (clusters.GetByKey(key) is not { } cluster)
        {
            return ReconcileResult.Done;
        }

        var name = cluster.Metadata.Name ?? string.Empty;
        var id = string.IsNullOrEmpty(cluster.Spec?.ClusterId) ? name : cluster.Spec.ClusterId;
        var resource = hub.Resource<ManagedCluster>();
        if (cluster.Metadata.DeletionTimestamp is not null)
        {
            if (Finalizers.HasFinalizer(cluster, Finalizer))
            {
                Log.Withdrawing(logger, name, id, "it left the clusterset");
                await McsHub.WithdrawClusterAsync(hub, id, cancellationToken).ConfigureAwait(false);
                var (_, without) = Finalizers.RemoveFinalizer(cluster, Finalizer);
                await resource.UpdateAsync(without, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var (added, withFinalizer) = Finalizers.AddFinalizer(cluster, Finalizer);
        if (added)
        {
            await resource.UpdateAsync(withFinalizer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (ConditionSet.IsTrue(cluster.Status?.Conditions, ClusterConditions.Withdrawn))
        {
            Log.Withdrawing(logger, name, id, "offline beyond the grace period");
            await McsHub.WithdrawClusterAsync(hub, id, cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8201, Level = LogLevel.Information,
            Message = "Withdrawing the exports of cluster {Cluster} ({ClusterId}) from the clusterset: {Reason}")]
        public static partial void Withdrawing(ILogger logger, string cluster, string clusterId, string reason);
    }
}
