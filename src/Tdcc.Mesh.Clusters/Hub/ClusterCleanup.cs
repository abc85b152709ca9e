using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Ownership;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// The cleanup finalizer of ManagedClusters: keeps it on live clusters; when one is deleted, removes its namespace (and
/// with it the credentials, Lease and everything the cluster wrote), its ClusterRole and binding and its registration
/// request, then lets the object go.
/// </summary>
internal sealed partial class ClusterCleanup
{
    private readonly IKubeClient _hub;
    private readonly TimeProvider _time;
    private readonly ClusterProvisioner _provisioner;
    private readonly LifecycleBroadcaster _lifecycle;
    private readonly ILogger _logger;

    public ClusterCleanup(IKubeClient hub, TimeProvider time, ClusterProvisioner provisioner, LifecycleBroadcaster lifecycle, ILogger logger)
    {
        _hub = hub;
        _time = time;
        _provisioner = provisioner;
        _lifecycle = lifecycle;
        _logger = logger;
    }

    /// <summary>Returns true when the cluster is being deleted (and was handled here).</summary>
    public async Task<bool> ReconcileAsync(ManagedCluster cluster, Func<string, CancellationToken, Task> stopPushAgent, CancellationToken cancellationToken)
    {
        var clusters = _hub.Resource<ManagedCluster>();
        var name = cluster.Metadata.Name ?? string.Empty;
        if (cluster.Metadata.DeletionTimestamp is null)
        {
            var (added, withFinalizer) = Finalizers.AddFinalizer(cluster, ClustersApi.CleanupFinalizer);
            if (added)
            {
                await clusters.UpdateAsync(withFinalizer, cancellationToken: cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        if (!Finalizers.HasFinalizer(cluster, ClustersApi.CleanupFinalizer))
        {
            return true;
        }

        await stopPushAgent(name, cancellationToken).ConfigureAwait(false);
        await _provisioner.DeprovisionAsync(name, cancellationToken).ConfigureAwait(false);
        await _hub.Resource<ClusterRegistrationRequest>().DeleteIfPresentAsync(null, name, cancellationToken).ConfigureAwait(false);
        var (_, without) = Finalizers.RemoveFinalizer(cluster, ClustersApi.CleanupFinalizer);
        await clusters.UpdateAsync(without, cancellationToken: cancellationToken).ConfigureAwait(false);
        LogLeft(_logger, name);
        await _lifecycle.PublishAsync(
            new ClusterLifecycleEvent(ClusterLifecycleEventType.Left, name, cluster.Spec?.ClusterId ?? string.Empty, ClustersApi.ClusterNamespace(name), _time.GetUtcNow()),
            cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Cluster {ClusterName} left: namespace, credentials and RBAC removed")]
    private static partial void LogLeft(ILogger logger, string clusterName);
}
