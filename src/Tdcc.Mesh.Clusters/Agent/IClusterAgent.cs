using Tdcc.Mesh.Clusters.Lifecycle;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>A running agent: joins (or reuses stored credentials), heartbeats, reports status, keeps the identity properties, and leaves.</summary>
public interface IClusterAgent : IAsyncDisposable
{
    /// <summary>The membership once joined; null before, and after the cluster left.</summary>
    ClusterMembership? Membership { get; }

    /// <summary>Completes with the membership once joined; fails with <see cref="ClusterJoinException"/> when the hub refuses.</summary>
    Task<ClusterMembership> Joined { get; }

    /// <summary>Completes when the cluster has left the clusterset (its ManagedCluster was deleted) and local state is removed.</summary>
    Task Left { get; }

    /// <summary>Asks the hub to remove this cluster (deletes its ManagedCluster) and waits until local state is removed.</summary>
    Task LeaveAsync(CancellationToken cancellationToken = default);
}
