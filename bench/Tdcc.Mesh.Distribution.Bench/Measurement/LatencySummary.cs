using System.Diagnostics;

namespace Tdcc.Mesh.Distribution.Bench.Measurement;

/// <summary>Percentiles of per-decision latencies, in milliseconds.</summary>
internal readonly record struct LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    /// <summary>The summary of <paramref name="ticks"/> (Stopwatch ticks; sorted in place).</summary>
    public static LatencySummary Of(long[] ticks)
    {
        ArgumentNullException.ThrowIfNull(ticks);
        if (ticks.Length == 0)
        {
            return default;
        }

        Array.Sort(ticks);
        return new LatencySummary(ticks.Length, Ms(Percentile(ticks, 0.50)), Ms(Percentile(ticks, 0.99)), Ms(ticks[^1]));
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static long Percentile(long[] sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
