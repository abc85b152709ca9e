namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>Nearest-rank percentiles of a set of latencies, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Summarises latencies in seconds; the list is sorted in place.</summary>
    public static LatencySummary FromSeconds(List<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        if (seconds.Count == 0)
        {
            return Empty;
        }

        seconds.Sort();
        return new LatencySummary(seconds.Count, Percentile(seconds, 0.50) * 1000, Percentile(seconds, 0.99) * 1000, seconds[^1] * 1000);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
