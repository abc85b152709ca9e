using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>All resources of one type in a snapshot, with a version over their content.</summary>
public sealed class ResourceSet
{
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
}
