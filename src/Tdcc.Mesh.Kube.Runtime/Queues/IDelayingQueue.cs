using System.Diagnostics.CodeAnalysis;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>A work queue that can add an item later.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Work queue is the domain term (client-go workqueue), not a System.Collections queue.")]
public interface IDelayingQueue<T> : IWorkQueue<T>
    where T : notnull
{
    /// <summary>Adds the item once the delay has passed; a pending earlier add of the same item wins.</summary>
    void AddAfter(T item, TimeSpan delay);
}
