using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Requested resource names, each replaced by the snapshot's own instance of the string when the resource exists, so
/// thousands of streams subscribed to the same names hold one copy of each name instead of one per stream.
/// </summary>
internal static class CanonicalNames
{
    /// <summary>A copy of <paramref name="requested"/> with the snapshot's instances (or the list itself when there is nothing to replace).</summary>
    public static IReadOnlyList<string> Of(IReadOnlyList<string> requested, ResourceSet? set)
    {
        ArgumentNullException.ThrowIfNull(requested);
        if (set is null || set.Items.Count == 0 || requested.Count == 0)
        {
            return requested;
        }

        return Replace([.. requested], set);
    }

    /// <summary>Replaces the names of <paramref name="names"/> in place by the snapshot's instances and returns it.</summary>
    public static string[] Replace(string[] names, ResourceSet? set)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (set is null || set.Items.Count == 0)
        {
            return names;
        }

        for (var i = 0; i < names.Length; i++)
        {
            if (set.Items.TryGetValue(names[i], out var resource))
            {
                names[i] = resource.Name;
            }
        }

        return names;
    }
}
