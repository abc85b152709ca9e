using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Tdcc.Mesh.Metrics.Hosting;

/// <summary>A small Kestrel listener serving only the scrape path, for processes without a web app.</summary>
public static class MetricsServer
{
    /// <summary>Starts serving <paramref name="exporter"/> on <paramref name="endpoint"/> (port 0 picks a free port).</summary>
    public static async Task<IMetricsServer> StartAsync(
        IPrometheusExporter exporter,
        IPEndPoint endpoint,
        string path = "/metrics",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        ArgumentNullException.ThrowIfNull(endpoint);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(endpoint));
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(exporter);
        var app = builder.Build();
        app.MapPrometheusMetrics(path);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new KestrelMetricsServer(app, new Uri(new Uri(bound), path));
    }

    private sealed class KestrelMetricsServer(WebApplication app, Uri address) : IMetricsServer
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
