namespace Tdcc.Mesh.Kube.Runtime.Events;

/// <summary>
/// client-go's <c>EventSourceObjectSpamFilter</c>: a token bucket per involved object (of one source) that allows
/// <c>burst</c> events at once and then one per <c>refill</c>; events past it are dropped before they are queued,
/// so a flapping object cannot make its recorder write to the API server without bound. The buckets live in an
/// LRU cache of <c>cacheSize</c> objects.
/// </summary>
internal sealed class EventSpamFilter(int cacheSize, int burst, TimeSpan refill)
{
    private readonly LruCache<string, Bucket> buckets = new(cacheSize);
    private readonly Lock gate = new();

    /// <summary>Whether an event about <paramref name="objectKey"/> at <paramref name="now"/> may be recorded (and takes its token).</summary>
    public bool Allow(string objectKey, DateTimeOffset now)
    {
        if (burst <= 0)
        {
            return true;
        }

        lock (gate)
        {
            return Take(objectKey, now);
        }
    }

    private bool Take(string objectKey, DateTimeOffset now)
    {
        var bucket = buckets.TryGet(objectKey, out var existing) ? existing : new Bucket(burst, now);
        var tokens = bucket.Tokens;
        if (refill > TimeSpan.Zero && now > bucket.Since)
        {
            var earned = (now - bucket.Since).Ticks / refill.Ticks;
            if (earned > 0)
            {
                tokens = (int)Math.Min(burst, tokens + earned);
                bucket = bucket with { Since = bucket.Since + TimeSpan.FromTicks(earned * refill.Ticks) };
            }
        }

        if (tokens >= burst)
        {
            bucket = bucket with { Since = now };
        }

        var allowed = tokens > 0;
        buckets.Set(objectKey, bucket with { Tokens = allowed ? tokens - 1 : 0 });
        return allowed;
    }

    private sealed record Bucket(int Tokens, DateTimeOffset Since);
}
