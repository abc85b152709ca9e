using System.Collections.Concurrent;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// The in-memory snapshot cache: one entry per group holding the snapshot and the completion source its watchers wait on.
/// Entries without a snapshot are kept only while watched (bounded by the connected streams).
/// </summary>
internal sealed class SnapshotCache(INodeHash nodeHash, TimeProvider timeProvider) : ISnapshotCache
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public INodeHash NodeHash { get; } = nodeHash;

    public IReadOnlyCollection<string> Groups =>
        _entries.Where(pair => pair.Value.Snapshot is not null).Select(pair => pair.Key).ToList();

    public void SetSnapshot(string group, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(snapshot);
        _entries.GetOrAdd(group, static _ => new Entry()).Replace(snapshot, timeProvider.GetTimestamp());
    }

    public Snapshot? GetSnapshot(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _entries.TryGetValue(group, out var entry) ? entry.Snapshot : null;
    }

    public bool ClearSnapshot(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!_entries.TryRemove(group, out var entry))
        {
            return false;
        }

        var had = entry.Snapshot is not null;
        entry.Replace(null, timeProvider.GetTimestamp());
        return had;
    }

    public SnapshotWatch Watch(string group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return _entries.GetOrAdd(group, static _ => new Entry()).Watch();
    }

    private sealed class Entry
    {
        private readonly Lock _gate = new();
        private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _setAt;

        public Snapshot? Snapshot { get; private set; }

        public void Replace(Snapshot? snapshot, long timestamp)
        {
            TaskCompletionSource changed;
            lock (_gate)
            {
                if (ReferenceEquals(snapshot, Snapshot))
                {
                    return;
                }

                Snapshot = snapshot;
                _setAt = timestamp;
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        public SnapshotWatch Watch()
        {
            lock (_gate)
            {
                return new SnapshotWatch(Snapshot, _setAt, _changed.Task);
            }
        }
    }
}
