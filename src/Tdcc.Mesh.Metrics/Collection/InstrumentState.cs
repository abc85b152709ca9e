using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Tdcc.Mesh.Metrics.Exposition;

namespace Tdcc.Mesh.Metrics.Collection;

/// <summary>What the exporter keeps for one instrument: its Prometheus identity and a bounded set of series.</summary>
internal sealed class InstrumentState
{
    private readonly int maxSeries;
    private readonly IReadOnlyList<KeyValuePair<string, string>> constantLabels;
    private ConcurrentDictionary<LabelSet, Series> series = new();
    private long dropped;

    public InstrumentState(Instrument instrument, PrometheusExporterOptions options)
    {
        Instrument = instrument;
        (Type, Aggregation) = Classify(instrument);
        MetricName = PrometheusNames.MetricName(instrument.Name, instrument.Unit, Type, options.AppendUnitSuffix);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        Buckets = Type == MetricType.Histogram ? ResolveBuckets(instrument, options) : [];
        maxSeries = Math.Max(1, options.MaxSeriesPerInstrument);
        constantLabels = [.. LabelSet.Constant(instrument.Meter.Tags), .. LabelSet.Constant(instrument.Tags)];
    }

    public Instrument Instrument { get; }

    public string MetricName { get; }

    public string Help { get; }

    public MetricType Type { get; }

    public Aggregation Aggregation { get; }

    /// <summary>Sorted, distinct, finite histogram upper bounds (without +Inf).</summary>
    public IReadOnlyList<double> Buckets { get; }

    /// <summary>Measurements dropped because the instrument already had the maximum number of series.</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (Type == MetricType.Counter && Aggregation == Aggregation.Sum && (value < 0 || double.IsNaN(value)))
        {
            // A counter only goes up; a negative increment would make the exported series non-monotonic.
            return;
        }

        var labels = LabelSet.From(constantLabels, tags);
        var current = series;
        if (!current.TryGetValue(labels, out var target))
        {
            if (current.Count >= maxSeries)
            {
                Interlocked.Increment(ref dropped);
                return;
            }

            target = current.GetOrAdd(labels, _ => new Series(Buckets.Count + 1));
        }

        switch (Aggregation)
        {
            case Aggregation.Sum:
                target.Add(value);
                break;
            case Aggregation.LastValue:
                target.Set(value);
                break;
            default:
                target.Observe(Buckets, value);
                break;
        }
    }

    /// <summary>Forgets the observations of an observable instrument before it is observed again, so vanished series disappear.</summary>
    public void ResetObservations()
    {
        if (Instrument.IsObservable)
        {
            series = new ConcurrentDictionary<LabelSet, Series>();
        }
    }

    public IReadOnlyList<(LabelSet Labels, SeriesSnapshot Value)> Snapshot() =>
        [.. series.Select(pair => (pair.Key, pair.Value.Snapshot()))];

    private static (MetricType, Aggregation) Classify(Instrument instrument)
    {
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        if (definition == typeof(Counter<>))
        {
            return (MetricType.Counter, Aggregation.Sum);
        }

        if (definition == typeof(ObservableCounter<>))
        {
            return (MetricType.Counter, Aggregation.LastValue);
        }

        if (definition == typeof(UpDownCounter<>))
        {
            return (MetricType.Gauge, Aggregation.Sum);
        }

        if (definition == typeof(Histogram<>))
        {
            return (MetricType.Histogram, Aggregation.Histogram);
        }

        // Gauge, ObservableGauge, ObservableUpDownCounter: the latest value is the value.
        return (MetricType.Gauge, Aggregation.LastValue);
    }

    private static double[] ResolveBuckets(Instrument instrument, PrometheusExporterOptions options)
    {
        var bounds = options.HistogramBucketsByInstrument.TryGetValue(instrument.Name, out var configured)
            ? configured
            : AdvisedBuckets(instrument) ?? options.HistogramBuckets;
        return [.. bounds.Where(double.IsFinite).Distinct().Order()];
    }

    private static double[]? AdvisedBuckets(Instrument instrument) => instrument switch
    {
        Instrument<double> d => d.Advice?.HistogramBucketBoundaries?.ToArray(),
        Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<short> s => s.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<byte> b => b.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        Instrument<decimal> m => m.Advice?.HistogramBucketBoundaries?.Select(x => (double)x).ToArray(),
        _ => null,
    };
}
