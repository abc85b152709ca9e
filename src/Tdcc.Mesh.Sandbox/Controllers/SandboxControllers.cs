using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>Registers the simulated controllers of one member cluster on the controller runtime.</summary>
internal static class SandboxControllers
{
    public static IServiceCollection AddSandboxControllers(this IServiceCollection services, ClusterContext cluster, ServiceLookup serviceLookup, Workloads.ProcessRuntime processes)
    {
        services.AddSingleton(cluster);
        services.AddSingleton(processes);
        services.AddSingleton(new PodIpPool(cluster.Addresses));
        services.AddSingleton(sp => new ServiceProxy(cluster.Network, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ServiceProxy>>()));
        services.AddKubeInformer<Node>();
        services.AddKubeEventRecorderSet(SandboxEventBudget.Configure);
        services.AddKubeController<DeploymentReconciler>("deployment").Reconciles<Deployment>().Owns<ReplicaSet>();
        services.AddKubeController<ReplicaSetReconciler>("replicaset").Reconciles<ReplicaSet>().Owns<Pod>().Configure(o => o.Workers = 2);
        services.AddKubeController<StatefulSetReconciler>("statefulset").Reconciles<StatefulSet>().Owns<Pod>();
        services.AddKubeController<DaemonSetReconciler>("daemonset").Reconciles<DaemonSet>().Owns<Pod>();
        services.AddKubeController<JobReconciler>("job").Reconciles<Job>().Owns<Pod>();
        services.AddKubeController<CronJobReconciler>("cronjob").Reconciles<CronJob>().Owns<Job>();
        services.AddKubeController<SchedulerReconciler>("scheduler").Reconciles<Pod>();
        services.AddKubeController<KubeletReconciler>("kubelet").Reconciles<Pod>().Configure(o => o.Workers = 4);
        services.AddKubeController<DisruptionReconciler>("disruption").Reconciles<PodDisruptionBudget>().Watches<Pod>(DisruptionReconciler.NamespaceOf);
        services.AddKubeController<EndpointSliceReconciler>("endpointslice")
            .Reconciles<Service>()
            .Owns<EndpointSlice>()
            .Watches<Pod>(pod => EndpointSliceReconciler.ServicesSelecting(serviceLookup.Store, pod))
            .Configure(o => o.Workers = 2);
        services.AddKubeController<ServiceProxyReconciler>("service-proxy")
            .Reconciles<Service>()
            .Watches<EndpointSlice>(ServiceProxyReconciler.ServiceOf);
        return services;
    }
}
