using System.Diagnostics.CodeAnalysis;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>
/// A de-duplicating work queue in the manner of client-go's workqueue: an item is queued at most once, and an
/// item added while a worker processes it is queued again once, when the worker calls <see cref="Done"/>.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Work queue is the domain term (client-go workqueue), not a System.Collections queue.")]
public interface IWorkQueue<T>
    where T : notnull
{
    /// <summary>Items waiting (not counting items being processed).</summary>
    int Count { get; }

    bool IsShuttingDown { get; }

    /// <summary>Queues the item. False when it was refused: the queue is shutting down or at its maximum length.</summary>
    bool Add(T item);

    /// <summary>
    /// Waits for an item and marks it as processing. After shut-down, queued items are still handed out;
    /// <c>ShutDown</c> is true once none are left.
    /// </summary>
    Task<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Marks the item as processed; if it was added meanwhile it is queued again.</summary>
    void Done(T item);

    /// <summary>Refuses further adds and wakes every waiter.</summary>
    void ShutDown();

    /// <summary>Shuts down, then waits until every queued and in-flight item is done.</summary>
    Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default);
}
