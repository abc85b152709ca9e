using Tdcc.Mesh.Clusters.Lifecycle;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>The running hub controllers: registration, heartbeat monitoring, cleanup and push-mode agents.</summary>
public interface IClusterHub : IClusterLifecycle, IAsyncDisposable
{
    /// <summary>Memberships of push-mode clusters, whose member-side work runs in the hub process.</summary>
    IReadOnlyDictionary<string, ClusterMembership> PushMemberships { get; }

    /// <summary>Runs one pass over every request and cluster now (tests; the controllers otherwise act on every change).</summary>
    Task ResyncAsync(CancellationToken cancellationToken = default);
}
