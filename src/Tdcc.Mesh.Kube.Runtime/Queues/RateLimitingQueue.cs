using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>A delaying queue whose retries wait for a rate limiter's delay.</summary>
internal sealed class RateLimitingQueue<T>(IDelayingQueue<T> inner, IRateLimiter<T> limiter, RuntimeInstruments instruments, string name)
    : IRateLimitingQueue<T>, IDisposable
    where T : notnull
{
    private readonly KeyValuePair<string, object?> nameTag = new("name", name);

    public int Count => inner.Count;

    public bool IsShuttingDown => inner.IsShuttingDown;

    public bool Add(T item) => inner.Add(item);

    public void AddAfter(T item, TimeSpan delay) => inner.AddAfter(item, delay);

    public void AddRateLimited(T item)
    {
        instruments.QueueRetries.Add(1, nameTag);
        inner.AddAfter(item, limiter.NextDelay(item));
    }

    public void Forget(T item) => limiter.Forget(item);

    public int NumRequeues(T item) => limiter.NumRequeues(item);

    public Task<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

    public void Done(T item) => inner.Done(item);

    public void ShutDown() => inner.ShutDown();

    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default) => inner.ShutDownWithDrainAsync(cancellationToken);

    public void Dispose() => (inner as IDisposable)?.Dispose();
}
