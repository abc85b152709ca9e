using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Json;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// Judges each cluster by its heartbeat Lease (<c>&lt;cluster&gt;</c> in its hub namespace): Joined and Ready while the
/// Lease is renewed within the timeout; Ready=False (HeartbeatTimeout) and Offline after; Withdrawn once offline for the
/// grace period. Transitions raise Events and lifecycle notifications.
/// </summary>
internal sealed partial class HeartbeatMonitor
{
    private readonly ClusterHubOptions _options;
    private readonly IKubeClient _hub;
    private readonly TimeProvider _time;
    private readonly LifecycleBroadcaster _lifecycle;
    private readonly ILogger _logger;

    public HeartbeatMonitor(ClusterHubOptions options, IKubeClient hub, TimeProvider time, LifecycleBroadcaster lifecycle, ILogger logger)
    {
        _options = options;
        _hub = hub;
        _time = time;
        _lifecycle = lifecycle;
        _logger = logger;
    }

    /// <summary>Judges the cluster now; returns how long until its judgement can next change by the clock alone (null: only a heartbeat changes it).</summary>
    public async Task<TimeSpan?> ReconcileAsync(ManagedCluster cluster, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name ?? string.Empty;
        var ns = ClustersApi.ClusterNamespace(name);
        var lease = await _hub.Resource<Lease>().GetAsync(ns, name, cancellationToken).ConfigureAwait(false);
        if (lease?.Spec?.RenewTime is not { } renewed)
        {
            return null; // No heartbeat yet: not joined.
        }

        var now = _time.GetUtcNow();
        var silence = now - renewed;
        var fresh = silence <= _options.HeartbeatTimeout;
        var withdrawn = silence > _options.HeartbeatTimeout + _options.WithdrawGracePeriod;
        var before = cluster.Status?.Conditions;
        var wasReady = ConditionSet.IsTrue(before, ClusterConditions.Ready);
        var wasOffline = ConditionSet.IsTrue(before, ClusterConditions.Offline);
        var wasWithdrawn = ConditionSet.IsTrue(before, ClusterConditions.Withdrawn);

        var conditions = ConditionSet.Set(before, Cond(ClusterConditions.Joined, true, ClusterConditions.HeartbeatReceived, "the cluster's agent sent its first heartbeat"), now).Conditions;
        // Messages stay the same from one heartbeat to the next (the time is status.lastSeen): a condition that changed
        // with every beat would make every watcher of ManagedClusters rebuild on every member's heartbeat.
        var arriving = $"heartbeats arrive within the timeout ({_options.HeartbeatTimeout.TotalSeconds:F0}s)";
        var lastSeen = $"last heartbeat {renewed:O}";
        conditions = ConditionSet.Set(conditions, fresh
            ? Cond(ClusterConditions.Ready, true, ClusterConditions.HeartbeatReceived, arriving)
            : Cond(ClusterConditions.Ready, false, ClusterConditions.HeartbeatTimeout, $"no heartbeat within the timeout ({_options.HeartbeatTimeout.TotalSeconds:F0}s); {lastSeen}"), now).Conditions;
        conditions = ConditionSet.Set(conditions, fresh
            ? Cond(ClusterConditions.Offline, false, ClusterConditions.HeartbeatReceived, arriving)
            : Cond(ClusterConditions.Offline, true, ClusterConditions.HeartbeatTimeout, lastSeen), now).Conditions;
        conditions = withdrawn
            ? ConditionSet.Set(conditions, Cond(ClusterConditions.Withdrawn, true, ClusterConditions.GracePeriodExpired, $"offline for longer than the grace period ({_options.WithdrawGracePeriod.TotalSeconds:F0}s): withdraw its exports"), now).Conditions
            : ConditionSet.Remove(conditions, ClusterConditions.Withdrawn).Conditions;

        var changed = before is null || !before.Value.SequenceEqual(conditions) || cluster.Status?.LastSeen != renewed;
        if (changed)
        {
            var status = new ManagedClusterStatus { Conditions = conditions, LastSeen = renewed };
            var node = (JsonObject)JsonSerializer.SerializeToNode(status, ClustersJsonContext.Default.ManagedClusterStatus)!;
            cluster = await KubeWrites.MergeStatusAsync(_hub.Resource<ManagedCluster>(), null, name, node, cancellationToken).ConfigureAwait(false);
        }

        var id = cluster.Spec?.ClusterId ?? string.Empty;
        if (fresh && !wasReady)
        {
            await NotifyAsync(cluster, ClusterLifecycleEventType.Ready, "Normal", "ClusterReady", "heartbeats arrive", now, cancellationToken).ConfigureAwait(false);
        }
        else if (!fresh && !wasOffline)
        {
            LogOffline(_logger, name, silence);
            await NotifyAsync(cluster, ClusterLifecycleEventType.Offline, "Warning", "ClusterOffline", $"no heartbeat for {silence.TotalSeconds:F0}s", now, cancellationToken).ConfigureAwait(false);
        }

        if (withdrawn && !wasWithdrawn)
        {
            LogWithdraw(_logger, name, id);
            await NotifyAsync(cluster, ClusterLifecycleEventType.Withdraw, "Warning", "ClusterWithdrawn", "offline beyond the grace period: its exports are withdrawn", now, cancellationToken).ConfigureAwait(false);
        }

        return fresh ? renewed + _options.HeartbeatTimeout - now
            : withdrawn ? null
            : renewed + _options.HeartbeatTimeout + _options.WithdrawGracePeriod - now;
    }

    private static Condition Cond(string type, bool status, string reason, string message) =>
        new() { Type = type, Status = status ? ConditionSet.True : ConditionSet.False, Reason = reason, Message = message };

    private async Task NotifyAsync(ManagedCluster cluster, ClusterLifecycleEventType type, string eventType, string reason, string message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = cluster.Metadata.Name ?? string.Empty;
        await ClusterEvents.RecordAsync(_hub, cluster, eventType, reason, message, now, cancellationToken).ConfigureAwait(false);
        await _lifecycle.PublishAsync(new ClusterLifecycleEvent(type, name, cluster.Spec?.ClusterId ?? string.Empty, ClustersApi.ClusterNamespace(name), now), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Cluster {ClusterName} is offline: no heartbeat for {Silence}")]
    private static partial void LogOffline(ILogger logger, string clusterName, TimeSpan silence);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Cluster {ClusterName} ({ClusterId}) offline beyond the grace period: withdraw")]
    private static partial void LogWithdraw(ILogger logger, string clusterName, string clusterId);
}
