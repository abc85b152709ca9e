namespace Tdcc.Mesh.Metrics.Collection;

/// <summary>The value of one label set of one instrument.</summary>
internal sealed class Series
{
    private readonly Lock gate = new();
    private readonly long[] bucketCounts;
    private double value;
    private double sum;
    private long count;

    public Series(int bucketCount)
    {
        bucketCounts = new long[bucketCount];
    }

    public void Add(double increment)
    {
        lock (gate)
        {
            value += increment;
        }
    }

    public void Set(double newValue)
    {
        lock (gate)
        {
            value = newValue;
        }
    }

    /// <summary>Counts a histogram measurement in the first bucket whose upper bound is at least the value; the last slot is +Inf.</summary>
    public void Observe(IReadOnlyList<double> bounds, double measurement)
    {
        var index = bounds.Count;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (measurement <= bounds[i])
            {
                index = i;
                break;
            }
        }

        lock (gate)
        {
            bucketCounts[index]++;
            sum += measurement;
            count++;
        }
    }

    public SeriesSnapshot Snapshot()
    {
        lock (gate)
        {
            return new SeriesSnapshot(value, [.. bucketCounts], sum, count);
        }
    }
}

/// <summary>A consistent copy of a series; bucket counts are per bucket, not yet cumulative.</summary>
internal sealed record SeriesSnapshot(double Value, long[] BucketCounts, double Sum, long Count);
