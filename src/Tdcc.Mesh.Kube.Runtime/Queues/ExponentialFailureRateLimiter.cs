namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>Per-item exponential backoff: <c>base * 2^failures</c>, capped.</summary>
internal sealed class ExponentialFailureRateLimiter<T>(TimeSpan baseDelay, TimeSpan maxDelay) : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly Dictionary<T, int> failures = [];

    public TimeSpan NextDelay(T item)
    {
        int exponent;
        lock (gate)
        {
            failures.TryGetValue(item, out exponent);
            failures[item] = exponent + 1;
        }

        // Past 2^62 the multiplication would overflow; the cap has long been reached by then.
        var ticks = exponent >= 62 ? double.MaxValue : baseDelay.Ticks * Math.Pow(2, exponent);
        return ticks >= maxDelay.Ticks ? maxDelay : TimeSpan.FromTicks((long)ticks);
    }

    public void Forget(T item)
    {
        lock (gate)
        {
            failures.Remove(item);
        }
    }

    public int NumRequeues(T item)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(item);
        }
    }
}
