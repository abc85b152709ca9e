namespace Tdcc.Mesh.Clusters.Lifecycle;

/// <summary>
/// Lifecycle notifications of member clusters (joined, ready, offline, withdraw, left). Handlers run one at a time, in
/// order, on the hub's loop: keep them short. The same facts are on the ManagedCluster's conditions
/// (Joined, Ready, Offline, Withdrawn) for consumers in other processes.
/// </summary>
public interface IClusterLifecycle
{
    /// <summary>Registers a handler; dispose the result to unsubscribe. Exceptions from a handler are logged and ignored.</summary>
    IDisposable Subscribe(Func<ClusterLifecycleEvent, CancellationToken, Task> handler);
}
