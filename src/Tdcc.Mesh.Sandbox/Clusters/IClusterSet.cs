namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>A running sandbox: the hub and its members.</summary>
public interface IClusterSet : IAsyncDisposable
{
    /// <summary>The hub first, then the members in order.</summary>
    IReadOnlyList<ISimulatedCluster> Clusters { get; }

    /// <summary>The sandbox directory (full path).</summary>
    string Directory { get; }

    /// <summary>The kubeconfig with one context per cluster.</summary>
    string KubeconfigPath { get; }

    /// <summary>The endpoints file; it exists while the sandbox runs.</summary>
    string EndpointsPath { get; }

    /// <summary>The mesh (registration, MCS, clusterset DNS, xDS) running next to the clusters; null when started without it.</summary>
    Mesh.IClusterSetMesh? Mesh { get; }

    /// <summary>The members' network namespaces and underlay (faults are made here); null in the loopback layout.</summary>
    Networking.SandboxNetwork? Network { get; }

    /// <summary>
    /// Stops member <paramref name="name"/> as if its machines went away: its mesh agents, pods, controllers and API
    /// server stop (state kept in its data directory; an in-memory member comes back empty); the hub sees it go quiet.
    /// </summary>
    Task StopMemberAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Starts a member stopped by <see cref="StopMemberAsync"/> again, with the state it kept; it rejoins the mesh.</summary>
    Task StartMemberAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops every cluster (workloads, controllers, API servers; state flushed) and removes endpoints.json.</summary>
    Task StopAsync(IProgress<SandboxProgress>? progress = null, CancellationToken cancellationToken = default);
}
