using System.Text.Json;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary>Tells a heartbeat from a change controllers act on.</summary>
public static class ManagedClusterChanges
{
    /// <summary>
    /// True when <paramref name="updated"/> differs from <paramref name="previous"/> in more than the heartbeat's
    /// bookkeeping (<c>status.lastSeen</c>, the resource version, managed fields). Every member's heartbeat moves
    /// <c>lastSeen</c> every few seconds; controllers that derive the clusterset's model (xDS, trust bundle,
    /// scheduling) watch ManagedClusters with this filter so a heartbeat does not rebuild what did not change.
    /// </summary>
    public static bool BeyondHeartbeat(ManagedCluster previous, ManagedCluster updated)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(updated);
        return !string.Equals(Comparable(previous), Comparable(updated), StringComparison.Ordinal);
    }

    private static string Comparable(ManagedCluster cluster) =>
        JsonSerializer.Serialize(
            cluster with
            {
                Metadata = cluster.Metadata with { ResourceVersion = null, ManagedFields = null },
                Status = cluster.Status is { } status ? status with { LastSeen = null } : null,
            },
            ManagedCluster.JsonTypeInfo);
}
