using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Hub.Controllers;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;

namespace Tdcc.Mesh.Clusters.Hosting;

/// <summary>Runs the registration hub's controllers under a process's manager.</summary>
public static class ClusterHubServiceCollectionExtensions
{
    /// <summary>
    /// Adds the registration hub: informers of ClusterRegistrationRequests, ManagedClusters and Leases, and the two
    /// controllers that decide requests and judge clusters; <see cref="IClusterHub"/> resolves to it (lifecycle events,
    /// push memberships). The hub client (<see cref="IKubeClient"/>, administrator rights), the <see cref="TimeProvider"/>
    /// and the <see cref="ILoggerFactory"/> come from the container; push-mode agents dial the hub with clients from
    /// <paramref name="hubClientFactory"/> (null: a <c>KubeClient</c> for <see cref="ClusterHubOptions.HubServer"/>).
    /// Run <see cref="ClusterHub.PrepareAsync"/> before the host starts.
    /// </summary>
    public static IServiceCollection AddClusterHubControllers(this IServiceCollection services, Func<IServiceProvider, ClusterHubOptions> options, Func<string, IKubeClient>? hubClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(provider => new ClusterHubRuntime(
            options(provider),
            provider.GetRequiredService<IKubeClient>(),
            hubClientFactory,
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IClusterHub>(provider => provider.GetRequiredService<ClusterHubRuntime>());
        services.AddKubeInformer<Lease>();
        services.AddKubeController<RegistrationRequestController>("cluster-registration")
            .Reconciles<ClusterRegistrationRequest>();
        services.AddKubeController<ManagedClusterController>("managed-cluster")
            .Reconciles<ManagedCluster>()
            .Watches<Lease>(ManagedClusterController.ClusterOfLease);
        return services;
    }
}
