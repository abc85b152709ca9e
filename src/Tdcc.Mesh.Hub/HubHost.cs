using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Hosting;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Crds;
using Tdcc.Mesh.Distribution.Helm;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Crds;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Health;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Hub.Clusters;
using Tdcc.Mesh.Hub.Distribution;
using Tdcc.Mesh.Hub.Identity;
using Tdcc.Mesh.Hub.Metrics;
using Tdcc.Mesh.Hub.Routes;
using Tdcc.Mesh.Hub.Xds;
using Tdcc.Mesh.Identity;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Policy.Crds;
using Tdcc.Mesh.Policy.NetworkPolicies;
using Tdcc.Mesh.Policy.Resolution;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Hub;

/// <summary>
/// The hub process's composition, one manager for everything (docs/operator.md): the registration hub, the MCS hub's
/// aggregation, the withdrawal of lost clusters, the xDS server with its snapshot publisher, route and policy status, workload distribution (Subscriptions to Deliveries),
/// the mesh CA with its gateway certificate signer and published trust bundle, sharing one informer per kind. Under leader election the controllers that write run on the
/// leader only; every replica serves xDS from its own caches. <c>tdcc hub</c> runs it; the sandbox runs the same.
/// </summary>
public static class HubHost
{
    /// <summary>The default Lease name and the application name.</summary>
    public const string Component = "tdcc-hub";

    /// <summary>
    /// Prepares the hub cluster (CRDs, bootstrap RBAC, the imports namespace, the mesh CA; idempotent across replicas)
    /// and starts the hub. Its last address is the xDS server's (<see cref="XdsAddress"/>), the HTTP listener (probes,
    /// metrics) the first when there is one.
    /// </summary>
    public static async Task<ProcessHost> StartAsync(HubOptions options, ProcessOptions process, ProcessEnvironment environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(environment);
        var xdsEndpoint = ListenAddress.Parse(options.XdsAddress, "--xds-address");
        var hub = environment.Cluster;
        var time = environment.Time;
        var builder = ProcessApplication.CreateBuilder(Component, process, environment);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(xdsEndpoint, listen => listen.Protocols = HttpProtocols.Http2));

        // Registration: requests, clusters and their heartbeat Leases.
        builder.Services.AddClusterHubControllers(provider => new ClusterHubOptions
        {
            HubServer = new Uri(options.AdvertisedServer ?? environment.ClusterServer.ToString()),
            ClusterSetName = options.ClusterSetName,
            Approval = options.Approval,
            HeartbeatTimeout = options.HeartbeatTimeout,
            WithdrawGracePeriod = options.WithdrawGracePeriod,
        });
        builder.Services.AddSingleton<ClusterSetMembers>();
        builder.Services.AddKubeController<ClusterWithdrawalReconciler>("cluster-withdrawal")
            .Reconciles<ManagedCluster>();

        // MCS aggregation; its ServiceImport informer (the imports namespace) is the one the xDS side reads too.
        var mcs = new McsHubOptions { InstallCrds = true };
        builder.Services.AddMcsHubControllers(mcs, hub);

        // xDS.
        builder.Services.AddSingleton(NodeHashes.ByClusterAndRole);
        if (options.XdsAuthentication == XdsAuthenticationMode.Gateways)
        {
            builder.Services.AddSingleton<IXdsStreamAuthenticator>(provider => new GatewayTokenAuthenticator(hub, provider.GetRequiredService<ILogger<GatewayTokenAuthenticator>>()));
        }

        builder.Services.AddXds();
        builder.Services.AddSingleton(provider => SnapshotCaches.CreateDebouncer(
            provider.GetRequiredService<ISnapshotCache>(),
            new SnapshotDebounceOptions { QuietPeriod = options.XdsQuietPeriod, MaxDelay = options.XdsMaxDelay },
            time));
        builder.Services.AddKubeInformer<ServiceImport>(o => o.Namespace = McsNames.DefaultImportsNamespace);
        builder.Services.AddKubeInformer<EndpointSlice>(o => o.LabelSelector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue},{McsLabels.ServiceNamespace}");
        builder.Services.AddKubeInformer<GrpcRoute>();
        builder.Services.AddKubeInformer<HttpRoute>();
        builder.Services.AddKubeInformer<TrafficPolicy>();
        builder.Services.AddKubeInformer<MultiClusterNetworkPolicy>();
        builder.Services.AddSingleton<INetworkPolicyServices, HubNetworkPolicyServices>();
        builder.Services.AddSingleton<IClusterSetServiceNames, HubServiceNames>();
        builder.Services.AddKubeController<XdsSnapshotPublisher>("mesh-xds")
            .Watches<ManagedCluster>(_ => [XdsSnapshotPublisher.ModelKey], ManagedClusterChanges.BeyondHeartbeat)
            .Watches<ServiceImport>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<EndpointSlice>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<GrpcRoute>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<HttpRoute>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<TrafficPolicy>(_ => [XdsSnapshotPublisher.ModelKey])
            .Watches<MultiClusterNetworkPolicy>(_ => [XdsSnapshotPublisher.ModelKey])
            .Configure(o => o.RequiresLeader = false);
        builder.Services.AddKubeController<RouteStatusReconciler>("mesh-route-status")
            .Watches<ServiceImport>(_ => [RouteStatusReconciler.Key])
            .Watches<GrpcRoute>(_ => [RouteStatusReconciler.Key])
            .Watches<HttpRoute>(_ => [RouteStatusReconciler.Key]);
        builder.Services.AddKubeController<TrafficPolicyStatusReconciler>("mesh-policy-status")
            .Watches<ServiceImport>(_ => [TrafficPolicyStatusReconciler.Key])
            .Watches<TrafficPolicy>(_ => [TrafficPolicyStatusReconciler.Key]);
        builder.Services.AddKubeController<NetworkPolicyStatusReconciler>("mesh-network-policy-status")
            .Watches<ServiceImport>(_ => [NetworkPolicyStatusReconciler.Key])
            .Watches<EndpointSlice>(_ => [NetworkPolicyStatusReconciler.Key])
            .Watches<MultiClusterNetworkPolicy>(_ => [NetworkPolicyStatusReconciler.Key]);

        // Gateway identity: certificate signing requests signed by the mesh CA, and the trust bundle gateways read (leader only).
        builder.Services.AddKubeController<GatewayCsrSigner>("gateway-csr-signer")
            .Reconciles<CertificateSigningRequest>();
        builder.Services.AddKubeController<TrustBundlePublisher>("trust-bundle")
            .Watches<ManagedCluster>(_ => [TrustBundlePublisher.Key], ManagedClusterChanges.BeyondHeartbeat);

        // Workload distribution (docs/distribution.md): Subscriptions scheduled, rendered and written as Deliveries
        // (leader only). Cluster, override and feed-kind changes reconcile every Subscription (AllKey).
        builder.Services.AddSingleton<IChartRenderer>(_ => new HelmChartRenderer(new HelmRendererOptions { HelmPath = options.HelmPath, OciPlainHttp = options.HelmOciPlainHttp }, time));
        builder.Services.AddKubeEventRecorder("tdcc-hub");
        builder.Services.AddKubeInformer<Delivery>();
        builder.Services.AddKubeInformer<Localization>();
        builder.Services.AddKubeInformer<Globalization>();
        builder.Services.AddKubeController<SubscriptionReconciler>("distribution-subscriptions")
            .Reconciles<Subscription>()
            .Watches<Delivery>(SubscriptionReconciler.SubscriptionOf)
            .Watches<ManagedCluster>(_ => [SubscriptionReconciler.AllKey], ManagedClusterChanges.BeyondHeartbeat)
            .Watches<Localization>(_ => [SubscriptionReconciler.AllKey])
            .Watches<Globalization>(_ => [SubscriptionReconciler.AllKey])
            .Watches<Deployment>(_ => [SubscriptionReconciler.AllKey])
            .Watches<StatefulSet>(_ => [SubscriptionReconciler.AllKey])
            .Watches<DaemonSet>(_ => [SubscriptionReconciler.AllKey])
            .Watches<ConfigMap>(_ => [SubscriptionReconciler.AllKey])
            .Configure(o => o.Workers = 1);

        // The clusterset overview's gauges (clusters by state, exports, conflicts, imports), read from the caches above.
        builder.Services.AddSingleton<ClusterSetMetrics>();

        var xdsListening = new ReadinessCheck("xds-listening");
        builder.Services.AddSingleton<IReadinessCheck>(xdsListening);

        // The CRDs the informers read must exist before the host starts, and the mesh CA is loaded (or created) once.
        var loggerFactory = environment.LoggerFactory ?? Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        await PrepareAsync(hub, mcs, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        var identity = await GatewaySecretSource.StartAsync(hub, new MeshIdentityOptions(), time, loggerFactory, cancellationToken).ConfigureAwait(false);
        builder.Services.AddSingleton(identity);

        WebApplication app;
        try
        {
            app = builder.Build();
            app.MapProcessEndpoints();
            app.MapXds();
        }
        catch
        {
            await identity.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var host = await ProcessHost.StartAsync(
            app,
            static (provider, _) =>
            {
                provider.GetRequiredService<ClusterSetMetrics>();
                return Task.CompletedTask;
            },
            [identity],
            cancellationToken).ConfigureAwait(false);
        xdsListening.MarkReady();
        return host;
    }

    /// <summary>Where a started hub's xDS server listens (the port actually bound).</summary>
    public static Uri XdsAddress(ProcessHost hub)
    {
        ArgumentNullException.ThrowIfNull(hub);
        return hub.Addresses[^1];
    }

    private static async Task PrepareAsync(IKubeClient hub, McsHubOptions mcs, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        await ClusterHub.PrepareAsync(hub, cancellationToken).ConfigureAwait(false);
        await McsHub.PrepareAsync(hub, mcs, time, loggerFactory, cancellationToken).ConfigureAwait(false);
        await new CrdInstaller(hub, FieldManagers.Hub, time, loggerFactory.CreateLogger<CrdInstaller>())
            .InstallAsync([.. GatewayApiCrds.ReadHub(), PolicyCrds.Read(PolicyCrds.TrafficPolicies), PolicyCrds.Read(PolicyCrds.MultiClusterNetworkPolicies), .. DistributionCrds.Hub.Select(DistributionCrds.Read)], cancellationToken)
            .ConfigureAwait(false);
    }
}
