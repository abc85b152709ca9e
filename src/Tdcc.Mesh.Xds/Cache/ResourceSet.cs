using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>All resources of one type in a snapshot, with a version over their content.</summary>
public sealed class ResourceSet
{
    // The diff to the set that followed this one. Only ever points forward (to a newer set), so old sets still die.
    private ResourceSetDiff? _next;

    internal ResourceSet(string typeUrl, FrozenDictionary<string, XdsResource> items)
    {
        TypeUrl = typeUrl;
        Items = items;
        Version = ContentHash.OfVersions(items.Select(item => KeyValuePair.Create(item.Key, item.Value.Version)));
    }

    /// <summary>The xDS type URL.</summary>
    public string TypeUrl { get; }

    /// <summary>The resources by name.</summary>
    public FrozenDictionary<string, XdsResource> Items { get; }

    /// <summary>Changes whenever any resource of the type is added, removed or changed.</summary>
    public string Version { get; }

    /// <summary>What changed from this set to <paramref name="next"/>; computed once and shared by the streams that ask.</summary>
    internal ResourceSetDiff DiffTo(ResourceSet next)
    {
        var cached = Volatile.Read(ref _next);
        if (cached is not null && ReferenceEquals(cached.Next, next))
        {
            return cached;
        }

        var diff = ResourceSetDiff.Compute(this, next);
        Volatile.Write(ref _next, diff);
        return diff;
    }
}
