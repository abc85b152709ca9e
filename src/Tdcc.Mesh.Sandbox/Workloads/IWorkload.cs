namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>What a simulated pod's container runs: real listeners on the pod IP while started.</summary>
public interface IWorkload : IAsyncDisposable
{
    /// <summary>The pod the workload runs as.</summary>
    PodIdentity Identity { get; }

    /// <summary>Binds every served port on the pod IP; fails if a port is taken.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Closes the listeners (connections are refused afterwards) and ends open calls.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);
}
