namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// What changed between two resource sets of one type: resources added or with a new version, and names removed.
/// Computed once per pair (<see cref="ResourceSet.DiffTo"/>) and shared by every stream moving from one to the other,
/// so a push costs each stream the size of the change rather than the size of the set.
/// </summary>
internal sealed class ResourceSetDiff
{
    private ResourceSetDiff(ResourceSet next, List<XdsResource> changed, List<string> removed)
    {
        Next = next;
        Changed = changed;
        Removed = removed;
    }

    /// <summary>The newer set.</summary>
    public ResourceSet Next { get; }

    /// <summary>Resources of the newer set that are new or have another version.</summary>
    public IReadOnlyList<XdsResource> Changed { get; }

    /// <summary>Names of the older set that the newer one does not have.</summary>
    public IReadOnlyList<string> Removed { get; }

    public bool IsEmpty => Changed.Count == 0 && Removed.Count == 0;

    public static ResourceSetDiff Compute(ResourceSet previous, ResourceSet next)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(next);
        var changed = new List<XdsResource>();
        var removed = new List<string>();
        foreach (var (name, resource) in next.Items)
        {
            if (!previous.Items.TryGetValue(name, out var old) || (!ReferenceEquals(old, resource) && !string.Equals(old.Version, resource.Version, StringComparison.Ordinal)))
            {
                changed.Add(resource);
            }
        }

        foreach (var name in previous.Items.Keys)
        {
            if (!next.Items.ContainsKey(name))
            {
                removed.Add(name);
            }
        }

        return new ResourceSetDiff(next, changed, removed);
    }
}
