using System.Diagnostics.CodeAnalysis;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>A delaying queue that adds failed items after a rate limiter's delay.</summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "Work queue is the domain term (client-go workqueue), not a System.Collections queue.")]
public interface IRateLimitingQueue<T> : IDelayingQueue<T>
    where T : notnull
{
    /// <summary>Adds the item after the rate limiter's delay for it (a retry).</summary>
    void AddRateLimited(T item);

    /// <summary>Clears the item's failure history: the next failure starts at the base delay.</summary>
    void Forget(T item);

    /// <summary>How often the item has been retried since it was last forgotten.</summary>
    int NumRequeues(T item);
}
