using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Crds;
using Tdcc.Mesh.Mcs.Dns;
using Tdcc.Mesh.Mcs.Export;
using Tdcc.Mesh.Mcs.Import;

namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>Creates member agents.</summary>
public static class McsAgent
{
    /// <summary>
    /// An agent for one member: <paramref name="member"/> is the member's API server, <paramref name="hub"/> the hub's
    /// (with the agent's hub credentials). With <paramref name="dns"/>, the agent keeps that server's
    /// <c>clusterset.local</c> zone in step with the imports.
    /// </summary>
    public static IMcsAgent Create(
        McsAgentOptions options,
        IKubeClient member,
        IKubeClient hub,
        IClusterSetDnsServer? dns = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(hub);
        options.Validate();
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddKeyedSingleton(McsClients.Member, member);
        services.AddKeyedSingleton(McsClients.Hub, hub);
        services.AddSingleton(options);

        services.AddKubeInformer<ExportedService>(McsClients.Hub, o => o.Namespace = options.HubNamespace);
        services.AddKubeInformer<ServiceImport>(McsClients.Hub, o => o.Namespace = options.ImportsNamespace);
        services.AddKubeInformer<EndpointSlice>(McsClients.Hub, o => o.LabelSelector = $"{McsLabels.ManagedBy}={McsLabels.ManagedByValue},{McsLabels.ServiceNamespace}");

        services.AddKubeController<ExportReconciler>("mcs-export")
            .Reconciles<ServiceExport>(McsClients.Member)
            .Watches<Service>(McsClients.Member, service => service.Metadata.Labels?.ContainsKey(McsLabels.ServiceName) == true ? [] : [ObjectKey.Of(service)])
            .Watches<EndpointSlice>(McsClients.Member, ExportedServiceOf)
            .Watches<ExportedService>(McsClients.Hub, export => export.Spec is { } spec ? [new ObjectKey(spec.ServiceNamespace, spec.ServiceName)] : [])
            .Configure(o => o.Workers = options.Workers);

        services.AddKubeController<ImportReconciler>("mcs-import")
            .Watches<ServiceImport>(McsClients.Hub, ImportReconciler.KeyOf)
            .Watches<EndpointSlice>(McsClients.Hub, ImportReconciler.KeyOf)
            .Watches<Namespace>(McsClients.Member, ns => [ImportReconciler.NamespaceKey(ns.Metadata.Name ?? string.Empty)])
            .Watches<ServiceImport>(McsClients.Member, import => [ObjectKey.Of(import)])
            .Watches<Service>(McsClients.Member, ImportReconciler.MemberKeyOf)
            .Watches<EndpointSlice>(McsClients.Member, ImportReconciler.MemberKeyOf)
            .Configure(o => o.Workers = options.Workers);

        // The imported namespaces this cluster lacks, one report in its hub namespace (the hub's NamespaceMissing condition).
        services.AddKubeController<MissingNamespaceReporter>("mcs-missing-namespaces")
            .Watches<ServiceImport>(McsClients.Hub, _ => [MissingNamespaceReporter.Key])
            .Watches<Namespace>(McsClients.Member, _ => [MissingNamespaceReporter.Key]);

        if (dns is not null)
        {
            services.AddSingleton(dns);
            services.AddSingleton(dns.Zone.Current.Options);
            services.AddKubeController<ZonePublisher>("mcs-dns")
                .Watches<ServiceImport>(McsClients.Member, ZonePublisher.KeyOf)
                .Watches<EndpointSlice>(McsClients.Member, ZonePublisher.KeyOf)
                .Configure(o => o.RequiresLeader = false);
        }

        if (options.LeaderElection is { } election)
        {
            // The election's Lease lives in the member.
            services.AddSingleton(member);
            services.AddKubeLeaderElection(election);
        }

        var host = new EmbeddedControllerHost(services.BuildServiceProvider(), async (provider, cancellationToken) =>
        {
            if (options.InstallCrds)
            {
                var installer = new CrdInstaller(member, FieldManagers.Mcs, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<CrdInstaller>>());
                await installer.InstallAsync(McsCrds.Member.Select(McsCrds.Read), cancellationToken).ConfigureAwait(false);
            }
        });
        return new McsAgentRuntime(host);
    }

    /// <summary>A member slice of a Service (not one we imported) enqueues that Service's export.</summary>
    private static IEnumerable<ObjectKey> ExportedServiceOf(EndpointSlice slice) =>
        slice.Metadata.Labels is { } labels
        && labels.GetValueOrDefault(McsLabels.ManagedBy) != McsLabels.ManagedByValue
        && labels.GetValueOrDefault(McsLabels.KubernetesServiceName) is { } service
            ? [new ObjectKey(slice.Metadata.Namespace ?? string.Empty, service)]
            : [];

    private sealed class McsAgentRuntime(EmbeddedControllerHost host) : IMcsAgent
    {
        public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
