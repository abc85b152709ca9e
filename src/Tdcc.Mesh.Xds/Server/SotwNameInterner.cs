using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Hands out one <see cref="SotwNames"/> per distinct <c>resource_names</c> byte sequence, shared by every stream of
/// the server that requests it. Found by the request's bytes, so a hit builds no string at all. Entries are weak: a
/// list no stream holds any more is collected and its entry swept, so memory follows what clients subscribe to now.
/// </summary>
internal sealed class SotwNameInterner
{
    private const int MinimumSweep = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<WeakReference<SotwNames>>> _byHash = [];
    private int _entries;
    private int _sweepAt = MinimumSweep;

    /// <summary>How many lists are held (live or not yet swept).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries;
            }
        }
    }

    /// <summary>
    /// The shared names of <paramref name="request"/>: an existing instance with the same bytes, or a new one whose
    /// strings are the instances of <paramref name="set"/> where it has the resource.
    /// </summary>
    public SotwNames Get(SotwRequest request, ResourceSet? set)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.TryGetResourceNameBytes(out var bytes))
        {
            // Names interleaved with other fields (no client we know does this): correct, just not shared.
            return new SotwNames(CanonicalNames.Replace(request.ResourceNames(), set), encoded: null);
        }

        var hash = Hash(bytes);
        lock (_gate)
        {
            if (Find(hash, bytes) is { } found)
            {
                return found;
            }
        }

        var created = new SotwNames(CanonicalNames.Replace(request.ResourceNames(), set), bytes.ToArray());
        lock (_gate)
        {
            // Another stream may have added the same list meanwhile: keep one.
            if (Find(hash, bytes) is { } raced)
            {
                return raced;
            }

            if (!_byHash.TryGetValue(hash, out var bucket))
            {
                bucket = [];
                _byHash[hash] = bucket;
            }

            bucket.Add(new WeakReference<SotwNames>(created));
            if (++_entries >= _sweepAt)
            {
                Sweep();
            }
        }

        return created;
    }

    private SotwNames? Find(int hash, ReadOnlySpan<byte> bytes)
    {
        if (!_byHash.TryGetValue(hash, out var bucket))
        {
            return null;
        }

        foreach (var entry in bucket)
        {
            if (entry.TryGetTarget(out var names) && names.Encoded is { } encoded && bytes.SequenceEqual(encoded))
            {
                return names;
            }
        }

        return null;
    }

    /// <summary>Drops the entries of lists no stream holds; the next sweep comes when the count has doubled.</summary>
    private void Sweep()
    {
        var live = 0;
        foreach (var hash in _byHash.Keys.ToList())
        {
            var bucket = _byHash[hash];
            bucket.RemoveAll(entry => !entry.TryGetTarget(out _));
            if (bucket.Count == 0)
            {
                _byHash.Remove(hash);
            }

            live += bucket.Count;
        }

        _entries = live;
        _sweepAt = Math.Max(MinimumSweep, live * 2);
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode();
    }
}
