namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// Stands in front of <see cref="ISnapshotCache.SetSnapshot"/>: bursts of updates per group collapse into the last one,
/// published after a quiet period, or after the maximum delay when updates keep coming.
/// </summary>
public interface ISnapshotDebouncer : IDisposable
{
    /// <summary>Queues a snapshot for a group, replacing one still pending for it.</summary>
    void Submit(string group, Snapshot snapshot);

    /// <summary>Publishes every pending snapshot now.</summary>
    void Flush();

    /// <summary>How many groups have a snapshot waiting.</summary>
    int Pending { get; }
}
