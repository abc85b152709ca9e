using System.Diagnostics;

namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>Runs N operations with C in flight at once and records each one's latency.</summary>
internal static class ConcurrentLoop
{
    /// <summary>Runs <paramref name="operation"/> for indexes 0..count-1 on <paramref name="concurrency"/> workers.</summary>
    public static async Task<(TimeSpan Elapsed, LatencySummary Latency)> RunAsync(
        int count, int concurrency, Func<int, CancellationToken, Task> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var latencies = new long[count];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => WorkAsync()).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed, LatencySummary.FromStopwatchTicks(latencies));

        async Task WorkAsync()
        {
            await Task.Yield();
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var start = Stopwatch.GetTimestamp();
                await operation(index, cancellationToken).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetTimestamp() - start;
            }
        }
    }
}
