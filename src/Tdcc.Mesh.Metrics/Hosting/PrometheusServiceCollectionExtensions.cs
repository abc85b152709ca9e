using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Tdcc.Mesh.Metrics.Hosting;

/// <summary>Registers the exporter.</summary>
public static class PrometheusServiceCollectionExtensions
{
    /// <summary>Adds a singleton <see cref="IPrometheusExporter"/>; the container disposes it.</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, Action<PrometheusExporterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ =>
        {
            var options = new PrometheusExporterOptions();
            configure?.Invoke(options);
            return PrometheusExporter.Create(options);
        });
        return services;
    }
}
