using System.Globalization;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// The versioned object store of one API server: one monotonically increasing resourceVersion,
/// objects keyed by resource, namespace and name, a bounded event history for watch resume,
/// and optional persistence. All writes are serialized by one lock; reads return immutable objects.
/// With persistence a write is logged before it is applied (a failed write changes nothing) and returns only once it
/// is on disk; the fsync runs outside the lock and is shared by concurrent writers (group commit).
/// </summary>
internal sealed class VersionedStore : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<string, StoredObject>> _resources = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string Resource, string Key)>> _dependents = new(StringComparer.Ordinal);
    private readonly WatchEvent?[] _history;
    private readonly List<StoreWatcher> _watchers = [];
    private readonly Dictionary<string, int> _namespaceCounts = new(StringComparer.Ordinal);
    private readonly StorePersistence? _persistence;
    private readonly Func<JsonObject, bool> _readyToRemove;
    private readonly Queue<(long Position, WatchEvent Event)> _undurable = new();
    private int _historyStart;
    private int _historyCount;
    private long _resourceVersion;
    private long _oldestAvailable;
    private long _historyBytes;

    /// <param name="historySize">How many events are kept for watch resume.</param>
    /// <param name="persistence">Where state is saved, or null for memory only.</param>
    /// <param name="readyToRemove">Decides whether an updated object that carries a deletionTimestamp is removed.</param>
    public VersionedStore(int historySize, StorePersistence? persistence, Func<JsonObject, bool> readyToRemove)
    {
        _readyToRemove = readyToRemove;
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        _history = new WatchEvent?[historySize];
        _persistence = persistence;
        if (persistence is not null)
        {
            var loaded = persistence.Load();
            _resourceVersion = loaded.ResourceVersion;
            foreach (var stored in loaded.Objects)
            {
                Put(stored);
            }
        }

        _oldestAvailable = _resourceVersion + 1;
    }

    /// <summary>How many bytes of objects the watch history may hold (see <see cref="HistoryBytes"/>); at least the newest event is kept.</summary>
    public long HistoryByteLimit { get; init; } = long.MaxValue;

    /// <summary>How many bytes of objects one watcher may have queued and unread before it is closed (the client re-watches).</summary>
    public long WatcherByteLimit { get; init; } = long.MaxValue;

    /// <summary>The largest object accepted, as serialized JSON; a larger one is refused with 413 and nothing is stored.</summary>
    public int MaxObjectBytes { get; init; } = int.MaxValue;

    /// <summary>The bytes the watch history holds: each event's object plus the object before it, as serialized JSON.</summary>
    public long HistoryBytes
    {
        get
        {
            lock (_gate)
            {
                return _historyBytes;
            }
        }
    }

    /// <summary>The number of events in the watch history.</summary>
    public int HistoryCount
    {
        get
        {
            lock (_gate)
            {
                return _historyCount;
            }
        }
    }

    /// <summary>The newest resourceVersion handed out.</summary>
    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public StoredObject? Get(string resource, string ns, string name)
    {
        lock (_gate)
        {
            return _resources.TryGetValue(resource, out var objects) && objects.TryGetValue(StoredObject.KeyOf(ns, name), out var stored) ? stored : null;
        }
    }

    /// <summary>A consistent snapshot of a resource's objects (sorted by namespace and name) after <paramref name="afterKey"/>, and the store version.</summary>
    public (IReadOnlyList<StoredObject> Items, long ResourceVersion) List(string resource, string? ns, string? afterKey = null)
    {
        lock (_gate)
        {
            return (Snapshot(resource, ns, afterKey), _resourceVersion);
        }
    }

    /// <summary>Objects whose ownerReferences name <paramref name="ownerUid"/>.</summary>
    public IReadOnlyList<StoredObject> Dependents(string ownerUid)
    {
        lock (_gate)
        {
            if (!_dependents.TryGetValue(ownerUid, out var keys))
            {
                return [];
            }

            var result = new List<StoredObject>(keys.Count);
            foreach (var (resource, key) in keys)
            {
                if (_resources.TryGetValue(resource, out var objects) && objects.TryGetValue(key, out var stored))
                {
                    result.Add(stored);
                }
            }

            return result;
        }
    }

    /// <summary>True when any object lives in namespace <paramref name="ns"/>.</summary>
    public bool HasObjectsIn(string ns)
    {
        lock (_gate)
        {
            return _namespaceCounts.TryGetValue(ns, out var count) && count > 0;
        }
    }

    /// <summary>The resources that hold at least one object.</summary>
    public IReadOnlyList<string> Resources()
    {
        lock (_gate)
        {
            return _resources.Where(p => p.Value.Count > 0).Select(p => p.Key).ToList();
        }
    }

    /// <summary>Stores a new object; <paramref name="obj"/> must carry metadata.name (and namespace when namespaced).</summary>
    public StoredObject Create(string resource, JsonObject obj, bool dryRun)
    {
        var metadata = obj["metadata"]!.AsObject();
        var ns = (string?)metadata["namespace"] ?? string.Empty;
        var name = (string?)metadata["name"] ?? string.Empty;
        StoredObject stored;
        long position;
        lock (_gate)
        {
            if (_resources.TryGetValue(resource, out var objects) && objects.ContainsKey(StoredObject.KeyOf(ns, name)))
            {
                throw new StoreException(StoreErrorKind.AlreadyExists, $"{resource} \"{name}\" already exists");
            }

            if (dryRun)
            {
                return Bounded(StoredObject.Create(resource, obj, _resourceVersion));
            }

            stored = Bounded(StoredObject.Create(resource, obj, _resourceVersion + 1));
            position = Commit(new WatchEvent(WatchEventType.Added, stored, null));
        }

        AwaitDurable(position);
        return stored;
    }

    /// <summary>
    /// Atomically replaces an object with what <paramref name="update"/> returns for the current one.
    /// The update returns null to make no change. When the result carries a deletionTimestamp and no finalizers, the object is removed.
    /// </summary>
    public StoreWriteResult Update(string resource, string ns, string name, Func<StoredObject, JsonObject?> update, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(update);
        StoreWriteResult result;
        long position;
        lock (_gate)
        {
            var current = GetLocked(resource, ns, name) ?? throw NotFound(resource, name);
            var next = update(current);
            if (next is null)
            {
                return new StoreWriteResult(current, Removed: false, Changed: false);
            }

            var metadata = next["metadata"]!.AsObject();
            metadata["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            var removing = metadata["deletionTimestamp"] is not null && _readyToRemove(next);
            if (!removing && JsonDefaults.ToUtf8(next).AsSpan().SequenceEqual(current.Json.Span))
            {
                return new StoreWriteResult(current, Removed: false, Changed: false);
            }

            if (dryRun)
            {
                return new StoreWriteResult(Bounded(StoredObject.Create(resource, next, current.ResourceVersion)), removing, Changed: true);
            }

            var stored = Bounded(StoredObject.Create(resource, next, _resourceVersion + 1));
            position = Commit(new WatchEvent(removing ? WatchEventType.Deleted : WatchEventType.Modified, stored, current));
            result = new StoreWriteResult(stored, removing, Changed: true);
        }

        AwaitDurable(position);
        return result;
    }

    /// <summary>Removes an object after <paramref name="precondition"/> accepted it (it throws to refuse).</summary>
    public StoredObject Delete(string resource, string ns, string name, Action<StoredObject>? precondition, bool dryRun)
    {
        StoredObject stored;
        long position;
        lock (_gate)
        {
            var current = GetLocked(resource, ns, name) ?? throw NotFound(resource, name);
            precondition?.Invoke(current);
            if (dryRun)
            {
                return current;
            }

            stored = StoredObject.Create(resource, current.ToJson(), _resourceVersion + 1);
            position = Commit(new WatchEvent(WatchEventType.Deleted, stored, current));
        }

        AwaitDurable(position);
        return stored;
    }

    /// <summary>
    /// Registers a watcher. With <paramref name="fromResourceVersion"/> null the current objects come back as the initial events;
    /// otherwise the kept events after that version do. Throws <see cref="StoreErrorKind.Expired"/> when they are no longer kept.
    /// </summary>
    public (IReadOnlyList<WatchEvent> Initial, StoreWatcher Watcher, long ResourceVersion) Watch(string resource, string? ns, long? fromResourceVersion, int capacity)
    {
        lock (_gate)
        {
            List<WatchEvent> initial;
            if (fromResourceVersion is not { } from)
            {
                initial = Snapshot(resource, ns, null).Select(o => new WatchEvent(WatchEventType.Added, o, null)).ToList();
            }
            else
            {
                if (from < _oldestAvailable - 1)
                {
                    throw new StoreException(StoreErrorKind.Expired, $"too old resource version: {from} ({_oldestAvailable - 1})");
                }

                initial = [];
                for (var i = 0; i < _historyCount; i++)
                {
                    var watchEvent = _history[(_historyStart + i) % _history.Length]!;
                    if (watchEvent.ResourceVersion > from
                        && string.Equals(watchEvent.Object.Resource, resource, StringComparison.Ordinal)
                        && (ns is null || string.Equals(ns, watchEvent.Object.Namespace, StringComparison.Ordinal)))
                    {
                        initial.Add(watchEvent);
                    }
                }
            }

            var watcher = new StoreWatcher(resource, ns, capacity, Unregister, WatcherByteLimit);
            _watchers.Add(watcher);
            return (initial, watcher, _resourceVersion);
        }
    }

    /// <summary>Writes a snapshot now when persistence is on.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            _persistence?.WriteSnapshot(_resourceVersion, _resources.Values.SelectMany(v => v.Values));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Close();
            }

            _watchers.Clear();
            if (_persistence is null)
            {
                return;
            }

            try
            {
                // Writers still waiting for their fsync get it here, before the log is closed.
                _persistence.WaitDurable(_persistence.WrittenPosition);
            }
            catch (StoreUnavailableException)
            {
                // Logged by the persistence; rolled back just below.
            }

            RollBackUndurable();
            if (!_persistence.Failed)
            {
                try
                {
                    _persistence.WriteSnapshot(_resourceVersion, _resources.Values.SelectMany(v => v.Values));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Logged by the persistence; the previous snapshot and the fsynced log still hold every acknowledged write.
                }
            }

            _persistence.Dispose();
        }
    }

    private static StoreException NotFound(string resource, string name) => new(StoreErrorKind.NotFound, $"{resource} \"{name}\" not found");

    private StoredObject? GetLocked(string resource, string ns, string name) =>
        _resources.TryGetValue(resource, out var objects) && objects.TryGetValue(StoredObject.KeyOf(ns, name), out var stored) ? stored : null;

    private List<StoredObject> Snapshot(string resource, string? ns, string? afterKey)
    {
        if (!_resources.TryGetValue(resource, out var objects))
        {
            return [];
        }

        IEnumerable<StoredObject> items = objects.Values;
        if (ns is not null)
        {
            items = items.Where(o => string.Equals(o.Namespace, ns, StringComparison.Ordinal));
        }

        if (afterKey is not null)
        {
            items = items.Where(o => string.CompareOrdinal(o.Key, afterKey) > 0);
        }

        return items.ToList();
    }

    /// <summary>Logs (when persistent) and applies one event; returns the log position to wait for, 0 without persistence.</summary>
    private long Commit(WatchEvent watchEvent)
    {
        long position = 0;
        if (_persistence is not null)
        {
            // Written before anything changes in memory: when the write fails, the store is as it was.
            position = _persistence.Append(watchEvent);
            var durable = _persistence.DurablePosition;
            while (_undurable.TryPeek(out var oldest) && oldest.Position <= durable)
            {
                _undurable.Dequeue();
            }

            _undurable.Enqueue((position, watchEvent));
        }

        _resourceVersion = watchEvent.ResourceVersion;
        if (watchEvent.Previous is { } previous)
        {
            Remove(previous);
        }

        if (watchEvent.Type != WatchEventType.Deleted)
        {
            Put(watchEvent.Object);
        }

        if (_historyCount == _history.Length)
        {
            EvictOldest();
        }

        _history[(_historyStart + _historyCount) % _history.Length] = watchEvent;
        _historyCount++;
        _historyBytes += BytesOf(watchEvent);
        while (_historyBytes > HistoryByteLimit && _historyCount > 1)
        {
            EvictOldest();
        }
        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            var watcher = _watchers[i];
            if (watcher.Wants(watchEvent) && !watcher.TryDeliver(watchEvent))
            {
                _watchers.RemoveAt(i);
            }
        }

        if (_persistence is { ShouldCompact: true })
        {
            try
            {
                _persistence.WriteSnapshot(_resourceVersion, _resources.Values.SelectMany(v => v.Values));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or StoreUnavailableException)
            {
                // Logged by the persistence; the event is in the log, so nothing is lost. Retried after another full log.
                _persistence.PostponeCompaction();
            }
        }

        return position;
    }

    /// <summary>Returns once the write at <paramref name="position"/> is on disk; after a failed fsync, rolls back and throws.</summary>
    private void AwaitDurable(long position)
    {
        if (_persistence is null || position == 0)
        {
            return;
        }

        try
        {
            _persistence.WaitDurable(position);
        }
        catch (StoreUnavailableException)
        {
            lock (_gate)
            {
                RollBackUndurable();
            }

            throw;
        }
    }

    /// <summary>
    /// After a failed fsync: undoes, newest first, every applied write not known to be on disk, cuts the log back to
    /// match, and ends all watches and the kept history (clients re-list and see the state as it is on disk).
    /// </summary>
    private void RollBackUndurable()
    {
        if (_persistence is not { Failed: true } || _undurable.Count == 0)
        {
            return;
        }

        var durable = _persistence.DurablePosition;
        foreach (var (position, watchEvent) in _undurable.Reverse())
        {
            if (position <= durable)
            {
                break;
            }

            if (watchEvent.Type != WatchEventType.Deleted)
            {
                Remove(watchEvent.Object);
            }

            if (watchEvent.Previous is { } previous)
            {
                Put(previous);
            }
        }

        _undurable.Clear();
        _persistence.DiscardUndurable();
        foreach (var watcher in _watchers)
        {
            watcher.Close();
        }

        _watchers.Clear();
        Array.Clear(_history);
        _historyStart = 0;
        _historyCount = 0;
        _oldestAvailable = _resourceVersion + 1;
    }

    private static long BytesOf(WatchEvent watchEvent) => watchEvent.Object.Json.Length + (watchEvent.Previous?.Json.Length ?? 0);

    /// <summary>Drops the oldest kept event; a watch from before it now gets 410 Expired.</summary>
    private void EvictOldest()
    {
        var oldest = _history[_historyStart]!;
        _oldestAvailable = oldest.ResourceVersion + 1;
        _history[_historyStart] = null;
        _historyBytes -= BytesOf(oldest);
        _historyStart = (_historyStart + 1) % _history.Length;
        _historyCount--;
    }

    private StoredObject Bounded(StoredObject stored) =>
        stored.Json.Length > MaxObjectBytes
            ? throw new Errors.ApiException(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxObjectBytes}")
            : stored;

    private void Put(StoredObject stored)
    {
        if (!_resources.TryGetValue(stored.Resource, out var objects))
        {
            objects = new SortedDictionary<string, StoredObject>(StringComparer.Ordinal);
            _resources[stored.Resource] = objects;
        }

        objects[stored.Key] = stored;
        if (stored.Namespace.Length > 0)
        {
            _namespaceCounts[stored.Namespace] = _namespaceCounts.GetValueOrDefault(stored.Namespace) + 1;
        }

        foreach (var owner in stored.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set))
            {
                set = [];
                _dependents[owner] = set;
            }

            set.Add((stored.Resource, stored.Key));
        }
    }

    private void Remove(StoredObject stored)
    {
        if (_resources.TryGetValue(stored.Resource, out var objects) && objects.Remove(stored.Key) && stored.Namespace.Length > 0)
        {
            _namespaceCounts[stored.Namespace]--;
        }

        foreach (var owner in stored.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var set))
            {
                set.Remove((stored.Resource, stored.Key));
                if (set.Count == 0)
                {
                    _dependents.Remove(owner);
                }
            }
        }
    }

    private void Unregister(StoreWatcher watcher)
    {
        lock (_gate)
        {
            _watchers.Remove(watcher);
        }
    }
}
