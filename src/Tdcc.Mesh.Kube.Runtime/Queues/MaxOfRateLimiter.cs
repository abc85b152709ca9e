namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>Combines limiters: the delay is the longest any of them asks for.</summary>
internal sealed class MaxOfRateLimiter<T>(params IRateLimiter<T>[] limiters) : IRateLimiter<T>
    where T : notnull
{
    public TimeSpan NextDelay(T item)
    {
        var delay = TimeSpan.Zero;
        foreach (var limiter in limiters)
        {
            var next = limiter.NextDelay(item);
            if (next > delay)
            {
                delay = next;
            }
        }

        return delay;
    }

    public void Forget(T item)
    {
        foreach (var limiter in limiters)
        {
            limiter.Forget(item);
        }
    }

    public int NumRequeues(T item) => limiters.Max(limiter => limiter.NumRequeues(item));
}
