using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The clusterset's xDS server on the hub side: ADS over h2c on 127.0.0.1 (ephemeral port), snapshots per node cluster
/// and role (<see cref="NodeHashes.ByClusterAndRole"/>) fed by <see cref="XdsSnapshotPublisher"/> from the hub's MCS objects.
/// </summary>
internal sealed partial class XdsControlPlane : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILogger _logger;
    private int _stopped;

    private XdsControlPlane(WebApplication app, Uri address, ILogger logger)
    {
        _app = app;
        Address = address;
        _logger = logger;
    }

    /// <summary>The server, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; }

    public ISnapshotCache Cache => _app.Services.GetRequiredService<ISnapshotCache>();

    public static async Task<XdsControlPlane> StartAsync(IKubeClient hub, XdsClusterSet clusterSet, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton(NodeHashes.ByClusterAndRole);
        builder.Services.AddXds();
        builder.Services.AddSingleton(hub);
        builder.Services.AddSingleton(clusterSet);
        builder.Services.AddSingleton(provider => SnapshotCaches.CreateDebouncer(
            provider.GetRequiredService<ISnapshotCache>(),
            new SnapshotDebounceOptions { QuietPeriod = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) },
            time));
        builder.Services.AddKubeInformer<ServiceImport>(o => o.Namespace = McsNames.DefaultImportsNamespace);
        builder.Services.AddKubeInformer<EndpointSlice>(o => o.LabelSelector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue},{McsLabels.ServiceNamespace}");
        builder.Services.AddKubeController<XdsSnapshotPublisher>("mesh-xds")
            .Watches<ServiceImport>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<EndpointSlice>(_ => [XdsSnapshotPublisher.ModelKey]);

        var app = builder.Build();
        app.MapXds();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(app.Services.GetServices<IInformer>().Select(i => i.ReadyAsync(cancellationToken))).ConfigureAwait(false);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var logger = loggerFactory.CreateLogger<XdsControlPlane>();
            LogStarted(logger, address, clusterSet.Members.Count);
            return new XdsControlPlane(app, address, logger);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger);
    }

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "xDS server listening on {Address} for {Clusters} member clusters")]
    private static partial void LogStarted(ILogger logger, Uri address, int clusters);

    [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "xDS server stopped")]
    private static partial void LogStopped(ILogger logger);
}
