using Tdcc.Mesh.Metrics.Collection;

namespace Tdcc.Mesh.Metrics;

/// <summary>Creates exporters.</summary>
public static class PrometheusExporter
{
    /// <summary>The content type of the text exposition format this exporter writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Starts listening to the selected meters; dispose the exporter to stop.</summary>
    public static IPrometheusExporter Create(PrometheusExporterOptions? options = null) =>
        new PrometheusCollector(options ?? new PrometheusExporterOptions());
}
