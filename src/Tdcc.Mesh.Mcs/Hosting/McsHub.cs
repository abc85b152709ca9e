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
    /// <summary>The hub side of MCS against the hub's API server.</summary>
    public static IMcsHub Create(McsHubOptions options, IKubeClient hub, ILoggerFactory? loggerFactory = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentException.ThrowIfNullOrEmpty(options.ImportsNamespace);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddKeyedSingleton(McsClients.Hub, hub);
        services.AddSingleton(options);
        services.AddKubeInformer<ServiceImport>(McsClients.Hub, o => o.Namespace = options.ImportsNamespace);
        services.AddKubeController<AggregationReconciler>("mcs-aggregate")
            .Watches<ExportedService>(McsClients.Hub, AggregationReconciler.KeyOf)
            .Watches<ServiceImport>(McsClients.Hub, AggregationReconciler.KeyOf)
            .Configure(o => o.Workers = options.Workers);

        var host = new McsHost(services.BuildServiceProvider(), async (provider, cancellationToken) =>
        {
            if (options.InstallCrds)
            {
                var installer = new CrdInstaller(hub, FieldManagers.Mcs, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<CrdInstaller>>());
                await installer.InstallAsync(McsCrds.Hub.Select(McsCrds.Read), cancellationToken).ConfigureAwait(false);
            }

            await hub.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = options.ImportsNamespace } }, cancellationToken)
                .ConfigureAwait(false);
        });
        return new McsHubRuntime(host, hub);
    }

    private sealed class McsHubRuntime(McsHost host, IKubeClient hub) : IMcsHub
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

        public async Task WithdrawClusterAsync(string clusterId, CancellationToken cancellationToken = default)
        {
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

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
