using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Metrics.Tests.Collection;

/// <summary>A meter with a unique name and an exporter that selects only it, so parallel tests don't see each other.</summary>
internal sealed class TestMeter : IDisposable
{
    public TestMeter(Action<PrometheusExporterOptions>? configure = null)
    {
        Meter = new Meter("Test." + Guid.NewGuid().ToString("N"));
        var options = new PrometheusExporterOptions();
        options.MeterPrefixes.Clear();
        options.MeterPrefixes.Add(Meter.Name);
        configure?.Invoke(options);
        Exporter = PrometheusExporter.Create(options);
    }

    public Meter Meter { get; }

    public IPrometheusExporter Exporter { get; }

    public void Dispose()
    {
        Exporter.Dispose();
        Meter.Dispose();
    }
}
