using Tdcc.Mesh.Kube.Runtime.Queues;

namespace Tdcc.Mesh.Kube.Runtime.Controllers;

/// <summary>How a controller runs its reconciler.</summary>
public sealed class ControllerOptions
{
    /// <summary>The controller's name: its queue's name and the <c>controller</c> tag of its metrics.</summary>
    public string Name { get; set; } = "controller";

    /// <summary>Workers reconciling in parallel; one key is never reconciled by two at once.</summary>
    public int Workers { get; set; } = 1;

    /// <summary>
    /// Under leader election, whether the workers run only while this replica leads (the default: controllers that
    /// write). False for controllers that only feed this replica's own servers from its caches (an xDS snapshot
    /// publisher, a DNS zone publisher): they run on every replica, so a standby serves as current a view as the leader.
    /// </summary>
    public bool RequiresLeader { get; set; } = true;

    /// <summary>The queue's limits and retry backoff.</summary>
    public WorkQueueOptions Queue { get; } = new();
}
