using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tdcc.Mesh.Metrics.Hosting;

/// <summary>Serves the exporter's scrape over HTTP.</summary>
public static class PrometheusEndpointRouteBuilderExtensions
{
    /// <summary>Maps <c>GET pattern</c> to the text exposition of the registered <see cref="IPrometheusExporter"/>.</summary>
    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints, string pattern = "/metrics")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var exporter = endpoints.ServiceProvider.GetRequiredService<IPrometheusExporter>();
        return endpoints.MapGet(pattern, async context =>
        {
            var text = exporter.Scrape();
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = PrometheusExporter.ContentType;
            await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
        });
    }
}
