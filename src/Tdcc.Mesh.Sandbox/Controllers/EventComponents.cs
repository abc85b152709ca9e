namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>The <c>source.component</c> (and <c>reportingComponent</c>) of the simulated controllers' Events: kube's names.</summary>
internal static class EventComponents
{
    public const string DeploymentController = "deployment-controller";
    public const string ReplicaSetController = "replicaset-controller";
    public const string StatefulSetController = "statefulset-controller";
    public const string DaemonSetController = "daemonset-controller";
    public const string Scheduler = "default-scheduler";
    public const string JobController = "job-controller";
    public const string CronJobController = "cronjob-controller";

    /// <summary>The kubelet's component; its source host is the node's name.</summary>
    public const string Kubelet = "kubelet";
}
