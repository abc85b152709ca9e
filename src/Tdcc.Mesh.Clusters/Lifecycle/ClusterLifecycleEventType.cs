namespace Tdcc.Mesh.Clusters.Lifecycle;

/// <summary>What happened to a member cluster, as the hub saw it.</summary>
public enum ClusterLifecycleEventType
{
    /// <summary>The cluster's registration was approved and its ManagedCluster created.</summary>
    Joined,

    /// <summary>Heartbeats arrive (first heartbeat, or back after being offline).</summary>
    Ready,

    /// <summary>No heartbeat for longer than the timeout: Ready=False, Offline=True.</summary>
    Offline,

    /// <summary>Offline for longer than the grace period: withdraw what the cluster exported.</summary>
    Withdraw,

    /// <summary>The ManagedCluster was deleted and its namespace and credentials removed.</summary>
    Left,
}
