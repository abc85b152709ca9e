namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>The hub's MCS aggregation: every cluster's exports become one ServiceImport per namespace/name.</summary>
public interface IMcsHub : IAsyncDisposable
{
    /// <summary>Installs the hub CRDs (unless disabled), creates the imports namespace, and starts aggregating.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops aggregating.</summary>
    Task StopAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes every export of a cluster from the hub (its ExportedServices and EndpointSlice copies), for a cluster
    /// that left or stayed offline past its grace period. The imports are recomputed without it; an agent that is
    /// still running publishes its exports again.
    /// </summary>
    Task WithdrawClusterAsync(string clusterId, CancellationToken cancellationToken = default);
}
