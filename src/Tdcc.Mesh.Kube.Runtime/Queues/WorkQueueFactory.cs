using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>Builds the default queue: per-item exponential backoff combined (max-of) with an overall token bucket.</summary>
internal static class WorkQueueFactory
{
    public static RateLimitingQueue<T> Create<T>(WorkQueueOptions options, TimeProvider time, RuntimeInstruments instruments)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(options);
        var limiter = new MaxOfRateLimiter<T>(
            new ExponentialFailureRateLimiter<T>(options.BaseDelay, options.MaxDelay),
            new TokenBucketRateLimiter<T>(options.RetriesPerSecond, options.Burst, time));
        // The retry counter exists from the start at 0, so dashboards show "no retries" rather than "no data".
        instruments.QueueRetries.Add(0, new KeyValuePair<string, object?>("name", options.Name));
        return new RateLimitingQueue<T>(new WorkQueue<T>(options, time, instruments), limiter, instruments, options.Name);
    }
}
