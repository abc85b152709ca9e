namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>
/// An overall limit across all items: a bucket of <c>burst</c> tokens refilled at <c>perSecond</c>. Each retry
/// reserves a token; when none is left the retry waits until its token will have been refilled.
/// </summary>
internal sealed class TokenBucketRateLimiter<T> : IRateLimiter<T>
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly TimeProvider time;
    private readonly double perSecond;
    private readonly double burst;
    private double tokens;
    private long last;

    public TokenBucketRateLimiter(double perSecond, int burst, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        this.perSecond = perSecond;
        this.burst = burst;
        this.time = time;
        tokens = burst;
        last = time.GetTimestamp();
    }

    public TimeSpan NextDelay(T item)
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            tokens = Math.Min(burst, tokens + (time.GetElapsedTime(last, now).TotalSeconds * perSecond));
            last = now;
            tokens -= 1;
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / perSecond);
        }
    }

    public void Forget(T item)
    {
    }

    public int NumRequeues(T item) => 0;
}
