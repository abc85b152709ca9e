using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;

namespace Tdcc.Mesh.Agent.Distribution;

/// <summary>
/// The member's side of workload distribution: a private container (like the MCS agent's) with the Deliveries of the
/// cluster's hub namespace, the delivered workloads of the member, and the <see cref="DeliveryReconciler"/>, under its
/// own election (Lease <c>&lt;agent lease&gt;-distribution</c> in the member).
/// </summary>
internal static class DeliveryAgent
{
    public static EmbeddedControllerHost Create(DeliveryAgentOptions options, IKubeClient member, IKubeClient hub, ILoggerFactory? loggerFactory, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time);
        services.AddKeyedSingleton(DistributionClients.Member, member);
        services.AddKeyedSingleton(DistributionClients.Hub, hub);
        services.AddSingleton(options);
        var hubNamespace = options.HubNamespace;
        services.AddKubeInformer<Delivery>(DistributionClients.Hub, o => o.Namespace = hubNamespace);
        services.AddKubeInformer<Deployment>(DistributionClients.Member, o => o.LabelSelector = DistributionLabels.Delivery);
        services.AddKubeInformer<StatefulSet>(DistributionClients.Member, o => o.LabelSelector = DistributionLabels.Delivery);
        services.AddKubeInformer<DaemonSet>(DistributionClients.Member, o => o.LabelSelector = DistributionLabels.Delivery);
        services.AddKubeController<DeliveryReconciler>("distribution-delivery")
            .Reconciles<Delivery>(DistributionClients.Hub)
            .Watches<Deployment>(DistributionClients.Member, d => DeliveryReconciler.DeliveryOf(d, hubNamespace))
            .Watches<StatefulSet>(DistributionClients.Member, s => DeliveryReconciler.DeliveryOf(s, hubNamespace))
            .Watches<DaemonSet>(DistributionClients.Member, d => DeliveryReconciler.DeliveryOf(d, hubNamespace));
        if (options.LeaderElection is { } election)
        {
            services.AddSingleton(member);
            services.AddKubeLeaderElection(election);
        }

        return new EmbeddedControllerHost(services.BuildServiceProvider(), static (_, _) => Task.CompletedTask);
    }
}
