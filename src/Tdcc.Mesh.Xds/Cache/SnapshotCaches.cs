namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Creates snapshot caches and debouncers without dependency injection.</summary>
public static class SnapshotCaches
{
    /// <summary>An in-memory cache; groups by node id unless told otherwise.</summary>
    public static ISnapshotCache Create(INodeHash? nodeHash = null, TimeProvider? timeProvider = null) =>
        new SnapshotCache(nodeHash ?? NodeHashes.ById, timeProvider ?? TimeProvider.System);

    /// <summary>A debouncer in front of <paramref name="cache"/>'s SetSnapshot.</summary>
    public static ISnapshotDebouncer CreateDebouncer(ISnapshotCache cache, SnapshotDebounceOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(cache);
        return new SnapshotDebouncer(cache, options ?? new SnapshotDebounceOptions(), timeProvider ?? TimeProvider.System);
    }
}
