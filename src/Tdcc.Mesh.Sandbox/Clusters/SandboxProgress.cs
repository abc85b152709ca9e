namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>A step of the sandbox's start or stop, for progress displays.</summary>
public enum SandboxStage
{
    /// <summary>A cluster's API server and controllers are starting.</summary>
    ClusterStarting,

    /// <summary>A cluster is up (API server serving, nodes Ready, controllers synced).</summary>
    ClusterReady,

    /// <summary>The mesh (registration, MCS, DNS, xDS) is starting, or the demo export is awaited.</summary>
    Mesh,

    /// <summary>The demo workloads are being deployed or awaited.</summary>
    Demo,

    /// <summary>Everything is up; the kubeconfig and endpoints.json are written.</summary>
    Ready,

    /// <summary>The sandbox is stopping.</summary>
    Stopping,

    /// <summary>The sandbox has stopped.</summary>
    Stopped,
}

/// <summary>One progress report: the stage, the cluster it concerns (if any), and how many clusters are up out of how many.</summary>
public sealed record SandboxProgress(SandboxStage Stage, string? Cluster, int ClustersReady, int ClustersTotal, string Message);
