namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>Decides how long a retry of an item waits.</summary>
public interface IRateLimiter<in T>
    where T : notnull
{
    /// <summary>The delay of the item's next retry; counts the retry.</summary>
    TimeSpan NextDelay(T item);

    /// <summary>Stops tracking the item.</summary>
    void Forget(T item);

    /// <summary>Retries of the item since it was last forgotten.</summary>
    int NumRequeues(T item);
}
