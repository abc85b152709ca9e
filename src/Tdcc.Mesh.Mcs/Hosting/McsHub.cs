using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Aggregation;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Crds;

namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>Creates the hub's aggregation.</summary>
public static class McsHub
{
    /// <summary>The hub side of MCS against the hub's API server, in a container of its own.</summary>
    public static IMcsHub Create(McsHubOptions options, IKubeClient hub, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrEmpty(options.ImportsNamespace);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddKeyedSingleton(McsClients.Hub, hub);
        AddControllers(services, options);
        var host = new EmbeddedControllerHost(services.BuildServiceProvider(), (provider, cancellationToken) =>
            PrepareAsync(hub, options, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILoggerFactory>(), cancellationToken));
        return new McsHubRuntime(host, hub);
    }

    /// <summary>The aggregation's informers and controller, reading the hub client registered under the hub key.</summary>
    internal static void AddControllers(IServiceCollection services, McsHubOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton<GatewayPortAllocator>();
        services.AddKubeInformer<ServiceImport>(McsClients.Hub, o => o.Namespace = options.ImportsNamespace);
        services.AddKubeInformer<ConfigMap>(McsClients.Hub, o =>
        {
            o.LabelSelector = $"{McsLabels.Report}={McsLabels.MissingNamespacesReportValue}";
            o.Indexers[AggregationReconciler.MissingNamespaceIndex] = AggregationReconciler.ReportedNamespaces;
        });
        services.AddKubeController<AggregationReconciler>("mcs-aggregate")
            .Watches<ExportedService>(McsClients.Hub, AggregationReconciler.KeyOf)
            .Watches<ServiceImport>(McsClients.Hub, AggregationReconciler.KeyOf)
            .Watches<ConfigMap>(McsClients.Hub, report => AggregationReconciler.ReportedNamespaces(report).Select(AggregationReconciler.NamespaceKey))
            .Configure(o => o.Workers = options.Workers);
    }

    /// <summary>What the aggregation needs before its informers start: the CRDs (when asked) and the imports namespace. Safe to run from several replicas at once.</summary>
    public static async Task PrepareAsync(IKubeClient hub, McsHubOptions options, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        if (options.InstallCrds)
        {
            var installer = new CrdInstaller(hub, FieldManagers.Mcs, time, loggerFactory.CreateLogger<CrdInstaller>());
            await installer.InstallAsync(McsCrds.Hub.Select(McsCrds.Read), cancellationToken).ConfigureAwait(false);
        }

        await hub.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = options.ImportsNamespace } }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Removes everything cluster <paramref name="clusterId"/> exported from the hub (its EndpointSlice copies and ExportedServices); the aggregation then drops or shrinks the ServiceImports.</summary>
    public static async Task WithdrawClusterAsync(IKubeClient hub, string clusterId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrEmpty(clusterId);
        var selector = new ListOptions { LabelSelector = $"{McsLabels.SourceCluster}={clusterId}" };
        var slices = hub.Resource<EndpointSlice>();
        foreach (var slice in (await slices.ListAllAsync(selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await slices.DeleteIfPresentAsync(slice.Metadata.Namespace!, slice.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        var exports = hub.Resource<ExportedService>();
        foreach (var export in (await exports.ListAllAsync(selector, cancellationToken: cancellationToken).ConfigureAwait(false)).Items)
        {
            await exports.DeleteIfPresentAsync(export.Metadata.Namespace!, export.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class McsHubRuntime(EmbeddedControllerHost host, IKubeClient hub) : IMcsHub
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

        public Task WithdrawClusterAsync(string clusterId, CancellationToken cancellationToken = default) =>
            McsHub.WithdrawClusterAsync(hub, clusterId, cancellationToken);

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
