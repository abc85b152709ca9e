namespace Tdcc.Mesh.Metrics;

/// <summary>Collects System.Diagnostics.Metrics instruments and renders them in the Prometheus text format 0.0.4.</summary>
public interface IPrometheusExporter : IDisposable
{
    /// <summary>Observes the observable instruments and renders every selected instrument.</summary>
    string Scrape();
}
