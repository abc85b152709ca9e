namespace Tdcc.Mesh.Metrics;

/// <summary>What the Prometheus exporter collects and how. Read once, when the exporter is created.</summary>
public sealed class PrometheusExporterOptions
{
    /// <summary>The histogram bucket upper bounds used when an instrument neither advises nor is configured with its own.</summary>
    public static IReadOnlyList<double> DefaultBuckets { get; } =
        [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>
    /// Meters whose name equals one of these, or starts with one of these followed by a dot, are exported.
    /// Empty exports every meter.
    /// </summary>
    public IList<string> MeterPrefixes { get; } = new List<string> { "Tdcc.Mesh" };

    /// <summary>Bucket upper bounds of histograms without advice.</summary>
    public IReadOnlyList<double> HistogramBuckets { get; set; } = DefaultBuckets;

    /// <summary>Bucket upper bounds by instrument name; these win over the instrument's own advice.</summary>
    public IDictionary<string, IReadOnlyList<double>> HistogramBucketsByInstrument { get; } =
        new Dictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);

    /// <summary>
    /// The most label sets kept per instrument. Measurements for further label sets are dropped and counted
    /// in <c>tdcc_metrics_dropped_series_total</c>, so a label with unbounded values cannot exhaust memory.
    /// </summary>
    public int MaxSeriesPerInstrument { get; set; } = 1000;

    /// <summary>Whether the instrument's unit is appended to the metric name (<c>s</c> becomes <c>_seconds</c>).</summary>
    public bool AppendUnitSuffix { get; set; } = true;
}
