using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Health;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Metrics.Hosting;

namespace Tdcc.Mesh.Hosting.Processes;

/// <summary>
/// The application every TDCC Mesh process is built on, as controller-runtime's manager is: one container (so one
/// shared informer per kind), Lease leader election when asked, probes and metrics on one HTTP listener, logs as
/// asked, and no signal handling of its own (the owner stops it).
/// </summary>
public static class ProcessApplication
{
    /// <summary>
    /// A builder with the shared parts registered: the cluster's client, the clock, logging, the Prometheus exporter,
    /// the readiness checks, the HTTP listener of <see cref="ProcessOptions.HttpAddress"/> and, with
    /// <see cref="ProcessOptions.LeaderElect"/>, the election (Lease <see cref="ProcessOptions.LeaderElectionId"/> or
    /// <paramref name="component"/>). The caller adds its informers, controllers and listeners.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string component, ProcessOptions options, ProcessEnvironment environment)
    {
        ArgumentException.ThrowIfNullOrEmpty(component);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var http = string.IsNullOrEmpty(options.HttpAddress) ? null : ListenAddress.Parse(options.HttpAddress, "--http-address");
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = component });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (http is not null)
            {
                kestrel.Listen(http, listen => listen.Protocols = HttpProtocols.Http1);
            }
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        if (environment.LoggerFactory is { } loggerFactory)
        {
            builder.Services.AddSingleton(loggerFactory);
        }
        else
        {
            builder.Logging.SetMinimumLevel(options.LogLevel);
            // Every probe would otherwise log three lines; the framework speaks when something is wrong.
            builder.Logging.AddFilter("Microsoft.AspNetCore", level => level >= LogLevel.Warning || options.LogLevel <= LogLevel.Debug);
            if (options.LogFormat == LogFormat.Json)
            {
                builder.Logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            }
            else
            {
                builder.Logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                    o.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }
        }

        builder.Services.AddSingleton(environment.Time);
        builder.Services.AddSingleton(environment.Cluster);
        builder.Services.AddPrometheusMetrics();
        builder.Services.AddSingleton<IReadinessCheck, InformersSyncedCheck>();
        if (options.LeaderElect)
        {
            builder.Services.AddKubeLeaderElection(options.ToLeaderElection(component, environment.OwnNamespace));
        }

        return builder;
    }

    /// <summary>
    /// Makes the host listen nowhere (no HTTP listener was asked and the caller adds none): without this, Kestrel would
    /// bind its default port.
    /// </summary>
    public static WebApplicationBuilder WithoutListeners(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Hosting.Server.IServer, NoListenersServer>();
        return builder;
    }

    /// <summary>Maps <c>/healthz</c>, <c>/livez</c>, <c>/readyz</c> and <c>/metrics</c>.</summary>
    public static WebApplication MapProcessEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapProbes();
        app.MapPrometheusMetrics();
        return app;
    }
}
