using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Crds;
using Tdcc.Mesh.Identity;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Crds;
using Tdcc.Mesh.Policy.Resolution;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The clusterset's xDS server on the hub side: ADS over h2c on 127.0.0.1 (ephemeral port), snapshots per node cluster
/// and role (<see cref="NodeHashes.ByClusterAndRole"/>) fed by <see cref="XdsSnapshotPublisher"/> from the hub's MCS objects
/// Gateway API routes (GRPCRoute, HTTPRoute) and TrafficPolicies. Their CRDs are installed on the hub here; their status
/// is written by <see cref="RouteStatusReconciler"/> and <see cref="TrafficPolicyStatusReconciler"/>.
/// </summary>
internal sealed partial class XdsControlPlane : IAsyncDisposable
{
    /// <summary>The field manager of the CRDs the mesh installs on the hub.</summary>
    private const string MeshFieldManager = "tdcc-mesh-xds";

    private readonly WebApplication _app;
    private readonly GatewaySecretSource _identity;
    private readonly ILogger _logger;
    private int _stopped;

    private XdsControlPlane(WebApplication app, GatewaySecretSource identity, Uri address, ILogger logger)
    {
        _app = app;
        _identity = identity;
        Address = address;
        _logger = logger;
    }

    /// <summary>The server, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri Address { get; }

    public ISnapshotCache Cache => _app.Services.GetRequiredService<ISnapshotCache>();

    /// <summary>Starts the xDS server on 127.0.0.1:<paramref name="port"/> (0: a free port).</summary>
    public static async Task<XdsControlPlane> StartAsync(IKubeClient hub, XdsClusterSet clusterSet, int port, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await new CrdInstaller(hub, MeshFieldManager, time, loggerFactory.CreateLogger<CrdInstaller>())
            .InstallAsync([.. GatewayApiCrds.ReadHub(), PolicyCrds.Read(PolicyCrds.TrafficPolicies)], cancellationToken)
            .ConfigureAwait(false);
        // The mesh CA lives in the hub (tdcc-mesh-system/tdcc-mesh-ca); the east-west gateways' SDS Secrets come from it.
        var identity = await GatewaySecretSource.StartAsync(hub, clusterSet.Members, new MeshIdentityOptions(), time, loggerFactory, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddSingleton(NodeHashes.ByClusterAndRole);
        builder.Services.AddXds();
        builder.Services.AddSingleton(hub);
        builder.Services.AddSingleton(clusterSet);
        builder.Services.AddSingleton(identity);
        builder.Services.AddSingleton(provider => SnapshotCaches.CreateDebouncer(
            provider.GetRequiredService<ISnapshotCache>(),
            new SnapshotDebounceOptions { QuietPeriod = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) },
            time));
        builder.Services.AddKubeInformer<ServiceImport>(o => o.Namespace = McsNames.DefaultImportsNamespace);
        builder.Services.AddKubeInformer<EndpointSlice>(o => o.LabelSelector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue},{McsLabels.ServiceNamespace}");
        builder.Services.AddKubeInformer<GrpcRoute>();
        builder.Services.AddKubeInformer<HttpRoute>();
        builder.Services.AddKubeInformer<TrafficPolicy>();
        builder.Services.AddSingleton<IClusterSetServiceNames, HubServiceNames>();
        builder.Services.AddKubeController<XdsSnapshotPublisher>("mesh-xds")
            .Watches<ServiceImport>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<EndpointSlice>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<GrpcRoute>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<HttpRoute>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<TrafficPolicy>(_ => [XdsSnapshotPublisher.ModelKey]);
        builder.Services.AddKubeController<RouteStatusReconciler>("mesh-route-status")
            .Watches<ServiceImport>(_ => [RouteStatusReconciler.Key])
            .Watches<GrpcRoute>(_ => [RouteStatusReconciler.Key])
            .Watches<HttpRoute>(_ => [RouteStatusReconciler.Key]);
        builder.Services.AddKubeController<TrafficPolicyStatusReconciler>("mesh-policy-status")
            .Watches<ServiceImport>(_ => [TrafficPolicyStatusReconciler.Key])
            .Watches<TrafficPolicy>(_ => [TrafficPolicyStatusReconciler.Key]);

        WebApplication? app = null;
        try
        {
            app = builder.Build();
            app.MapXds();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(app.Services.GetServices<IInformer>().Select(i => i.ReadyAsync(cancellationToken))).ConfigureAwait(false);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var logger = loggerFactory.CreateLogger<XdsControlPlane>();
            LogStarted(logger, address, clusterSet.Members.Count);
            return new XdsControlPlane(app, identity, address, logger);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            await identity.DisposeAsync().ConfigureAwait(false);
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
        await _identity.DisposeAsync().ConfigureAwait(false);
        LogStopped(_logger);
    }

    [LoggerMessage(EventId = 311, Level = LogLevel.Information, Message = "xDS server listening on {Address} for {Clusters} member clusters")]
    private static partial void LogStarted(ILogger logger, Uri address, int clusters);

    [LoggerMessage(EventId = 312, Level = LogLevel.Information, Message = "xDS server stopped")]
    private static partial void LogStopped(ILogger logger);
}
