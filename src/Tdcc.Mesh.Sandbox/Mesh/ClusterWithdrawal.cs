using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// Joins registration to multi-cluster services: when the hub gives up on a cluster (offline past the grace period,
/// or left the set), everything it exported is withdrawn from the other clusters. A cluster that comes back
/// republishes by itself: its agent watches its hub-side exports and recreates them.
/// </summary>
internal sealed partial class ClusterWithdrawal : IDisposable
{
    private readonly IMcsHub _mcsHub;
    private readonly ILogger _logger;
    private readonly IDisposable _subscription;

    public ClusterWithdrawal(IClusterLifecycle lifecycle, IMcsHub mcsHub, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        _mcsHub = mcsHub;
        _logger = logger;
        _subscription = lifecycle.Subscribe(OnLifecycleEventAsync);
    }

    public void Dispose() => _subscription.Dispose();

    private async Task OnLifecycleEventAsync(ClusterLifecycleEvent lifecycleEvent, CancellationToken cancellationToken)
    {
        if (lifecycleEvent.Type is not (ClusterLifecycleEventType.Withdraw or ClusterLifecycleEventType.Left))
        {
            return;
        }

        LogWithdrawing(_logger, lifecycleEvent.ClusterName, lifecycleEvent.ClusterId, lifecycleEvent.Type);
        await _mcsHub.WithdrawClusterAsync(lifecycleEvent.ClusterId, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 323, Level = LogLevel.Information,
        Message = "Withdrawing the exports of cluster {Cluster} ({ClusterId}) from the clusterset: {Reason}")]
    private static partial void LogWithdrawing(ILogger logger, string cluster, string clusterId, ClusterLifecycleEventType reason);
}
