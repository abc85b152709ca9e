namespace Tdcc.Mesh.Clusters.Model;

/// <summary>Condition types and reasons on <see cref="ManagedClusterStatus.Conditions"/>.</summary>
public static class ClusterConditions
{
    /// <summary>True once the cluster's first heartbeat arrived.</summary>
    public const string Joined = "Joined";

    /// <summary>True while heartbeats arrive within the timeout; False with <see cref="HeartbeatTimeout"/> after.</summary>
    public const string Ready = "Ready";

    /// <summary>True while heartbeats are late (the inverse of Ready once joined).</summary>
    public const string Offline = "Offline";

    /// <summary>True once a cluster has been offline for the grace period: its exported endpoints should be withdrawn.</summary>
    public const string Withdrawn = "Withdrawn";

    public const string HeartbeatTimeout = "HeartbeatTimeout";
    public const string HeartbeatReceived = "HeartbeatReceived";
    public const string GracePeriodExpired = "GracePeriodExpired";
}
