using Google.Protobuf.Collections;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Requested resource names, each replaced by the snapshot's own instance of the string when the resource exists, so
/// thousands of streams subscribed to the same names hold one copy of each name instead of one per stream.
/// </summary>
internal static class CanonicalNames
{
    public static IReadOnlyCollection<string> Of(RepeatedField<string> requested, ResourceSet? set)
    {
        if (set is null || set.Items.Count == 0 || requested.Count == 0)
        {
            return requested;
        }

        var names = new string[requested.Count];
        for (var i = 0; i < names.Length; i++)
        {
            var name = requested[i];
            names[i] = set.Items.TryGetValue(name, out var resource) ? resource.Name : name;
        }

        return names;
    }
}
