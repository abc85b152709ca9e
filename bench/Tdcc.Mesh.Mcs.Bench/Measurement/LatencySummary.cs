using System.Diagnostics;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>Percentiles of a set of latencies.</summary>
internal sealed record LatencySummary(int Count, TimeSpan P50, TimeSpan P99, TimeSpan Max)
{
    public static LatencySummary Empty { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    /// <summary>Summarises latencies given in <see cref="Stopwatch"/> ticks; the array is sorted in place.</summary>
    public static LatencySummary FromStopwatchTicks(long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (ticks.Length == 0)
        {
            return Empty;
        }

        Array.Sort(ticks);
        return new LatencySummary(ticks.Length, ToTime(Percentile(ticks, 0.50)), ToTime(Percentile(ticks, 0.99)), ToTime(ticks[^1]));
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static long Percentile(long[] sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static TimeSpan ToTime(long stopwatchTicks) => TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency);
}
