using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Agent.NetworkPolicies;

/// <summary>
/// The member's native NetworkPolicies rendered from the hub's MultiClusterNetworkPolicies (docs/network-policy.md): a
/// private container (like the distribution agent's) with the hub's policies, the member's exports, Services and our
/// NetworkPolicies, and <see cref="NativeNetworkPolicyReconciler"/>, under its own election when the agent elects.
/// </summary>
internal static class NativeNetworkPolicyAgent
{
    public const string Member = "member";
    public const string Hub = "hub";

    public static EmbeddedControllerHost Create(NativeNetworkPolicyOptions options, IKubeClient member, IKubeClient hub, LeaderElectionOptions? election, ILoggerFactory? loggerFactory, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time);
        services.AddKeyedSingleton(Member, member);
        services.AddKeyedSingleton(Hub, hub);
        services.AddSingleton(options);
        services.AddKubeInformer<MultiClusterNetworkPolicy>(Hub);
        services.AddKubeInformer<ServiceExport>(Member);
        services.AddKubeInformer<Service>(Member);
        services.AddKubeInformer<NetworkPolicy>(Member, o => o.LabelSelector = $"{NativeNetworkPolicyRenderer.ManagedByLabel}={NativeNetworkPolicyRenderer.ManagedByValue}");
        services.AddKubeController<NativeNetworkPolicyReconciler>("native-network-policies")
            .Watches<MultiClusterNetworkPolicy>(Hub, _ => [NativeNetworkPolicyReconciler.Key])
            .Watches<ServiceExport>(Member, _ => [NativeNetworkPolicyReconciler.Key])
            .Watches<Service>(Member, _ => [NativeNetworkPolicyReconciler.Key])
            .Watches<NetworkPolicy>(Member, _ => [NativeNetworkPolicyReconciler.Key]);
        if (election is not null)
        {
            services.AddSingleton(member);
            services.AddKubeLeaderElection(election);
        }

        return new EmbeddedControllerHost(services.BuildServiceProvider(), static (_, _) => Task.CompletedTask);
    }
}
