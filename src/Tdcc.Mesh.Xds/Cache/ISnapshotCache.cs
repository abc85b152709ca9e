namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// Snapshots per node group. Knows nothing about gRPC: servers watch a group and are woken when its snapshot changes.
/// </summary>
public interface ISnapshotCache
{
    /// <summary>Maps nodes to groups.</summary>
    INodeHash NodeHash { get; }

    /// <summary>Replaces the group's snapshot and wakes its watchers.</summary>
    void SetSnapshot(string group, Snapshot snapshot);

    /// <summary>The group's snapshot, or null.</summary>
    Snapshot? GetSnapshot(string group);

    /// <summary>Removes the group's snapshot (watchers are woken and see null); false when there was none.</summary>
    bool ClearSnapshot(string group);

    /// <summary>The group's snapshot now and a task that completes at its next change.</summary>
    SnapshotWatch Watch(string group);

    /// <summary>The groups that have a snapshot.</summary>
    IReadOnlyCollection<string> Groups { get; }
}
