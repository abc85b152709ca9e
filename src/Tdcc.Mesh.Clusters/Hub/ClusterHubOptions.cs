namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>
/// How a <see cref="ClusterHub"/> runs. Plain data: the hub client, the push agents' hub client factory and the clock are
/// given to <see cref="ClusterHub.StartAsync"/> (or resolved from the container) beside these options.
/// </summary>
public sealed record ClusterHubOptions
{
    /// <summary>The hub's address; push-mode agents run in the hub process and reach it here with their own token.</summary>
    public required Uri HubServer { get; init; }

    /// <summary>The clusterset members join (the <c>clusterset.k8s.io</c> ClusterProperty).</summary>
    public string ClusterSetName { get; init; } = "tdcc";

    public ApprovalMode Approval { get; init; } = ApprovalMode.Automatic;

    /// <summary>A cluster whose Lease was not renewed for this long is Ready=False / Offline.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>After being offline this much longer, the cluster is marked Withdrawn and a Withdraw event fires.</summary>
    public TimeSpan WithdrawGracePeriod { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Heartbeat interval of push-mode agents run by the hub.</summary>
    public TimeSpan PushHeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);
}
