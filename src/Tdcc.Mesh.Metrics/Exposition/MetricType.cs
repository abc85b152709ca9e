namespace Tdcc.Mesh.Metrics.Exposition;

/// <summary>The Prometheus metric types this exporter writes.</summary>
internal enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}
