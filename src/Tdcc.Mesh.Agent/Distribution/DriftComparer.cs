using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Resource;

namespace Tdcc.Mesh.Agent.Distribution;

/// <summary>
/// Whether a member's object still holds what was delivered: every field the manifest sets must be present with an
/// equal value (fields the member added, such as defaults and status, do not count); lists must have the same length
/// and each item hold its manifest item; quantities compare by value (<c>0.5</c> equals <c>500m</c>).
/// </summary>
internal static class DriftComparer
{
    /// <summary>The path of the first delivered field the live object no longer holds; null when none.</summary>
    public static string? FirstDifference(JsonNode? desired, JsonNode? live, string path = "")
    {
        switch (desired)
        {
            case null:
                return null;
            case JsonObject wanted:
                if (live is not JsonObject actual)
                {
                    return Shown(path);
                }

                foreach (var (name, value) in wanted)
                {
                    if (path.Length == 0 && name == "status")
                    {
                        continue;
                    }

                    if (FirstDifference(value, actual[name], path + "." + name) is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonArray wantedItems:
                if (live is not JsonArray actualItems || actualItems.Count != wantedItems.Count)
                {
                    return Shown(path);
                }

                for (var i = 0; i < wantedItems.Count; i++)
                {
                    if (FirstDifference(wantedItems[i], actualItems[i], path + "[" + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]") is { } difference)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return SameValue(desired, live) ? null : Shown(path);
        }
    }

    private static bool SameValue(JsonNode desired, JsonNode? live)
    {
        if (live is null)
        {
            return false;
        }

        if (JsonNode.DeepEquals(desired, live))
        {
            return true;
        }

        var a = desired.ToString();
        var b = live.ToString();
        return a == b || (Quantity.TryParse(a, out var x) && Quantity.TryParse(b, out var y) && x.CompareTo(y) == 0);
    }

    private static string Shown(string path) => path.Length == 0 ? "." : path[1..];
}
