namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>Limits and retry policy of a work queue. Defaults follow controller-runtime.</summary>
public sealed class WorkQueueOptions
{
    /// <summary>The queue's name, used as the <c>name</c> tag of its metrics.</summary>
    public string Name { get; set; } = "default";

    /// <summary>
    /// The most distinct items queued or waiting for a delayed add. Adds beyond it are refused (and counted
    /// in <c>tdcc.workqueue.rejected</c>); a level-based reconciler picks them up on the next event or resync.
    /// </summary>
    public int MaxLength { get; set; } = 10_000;

    /// <summary>Delay of an item's first retry; it doubles per failure.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cap of an item's retry delay.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1000);

    /// <summary>Overall retries per second across all items (token bucket refill rate).</summary>
    public double RetriesPerSecond { get; set; } = 10;

    /// <summary>Overall retries allowed in a burst (token bucket size).</summary>
    public int Burst { get; set; } = 100;
}
