using System.Globalization;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>Sums Kubernetes resource quantities (<c>500m</c>, <c>4</c>, <c>16Gi</c>, <c>1k</c>) and formats the total canonically.</summary>
internal static class Quantities
{
    private static readonly (string Suffix, decimal Factor)[] Suffixes =
    [
        ("Ki", 1024m), ("Mi", 1024m * 1024), ("Gi", 1024m * 1024 * 1024), ("Ti", 1024m * 1024 * 1024 * 1024), ("Pi", 1024m * 1024 * 1024 * 1024 * 1024),
        ("n", 0.000000001m), ("u", 0.000001m), ("m", 0.001m), ("k", 1000m), ("M", 1000000m), ("G", 1000000000m), ("T", 1000000000000m), ("P", 1000000000000000m),
    ];

    /// <summary>The value of a quantity; null when it does not parse.</summary>
    public static decimal? Parse(string quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        foreach (var (suffix, factor) in Suffixes)
        {
            if (quantity.EndsWith(suffix, StringComparison.Ordinal)
                && decimal.TryParse(quantity[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var scaled))
            {
                return scaled * factor;
            }
        }

        return decimal.TryParse(quantity, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    /// <summary>Formats a total: whole numbers plainly (or with the largest exact binary suffix when <paramref name="binary"/>), fractions in milli-units.</summary>
    public static string Format(decimal value, bool binary)
    {
        if (value != decimal.Truncate(value))
        {
            return decimal.Round(value * 1000m).ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (binary && value != 0)
        {
            foreach (var (suffix, factor) in Suffixes.Take(5).Reverse())
            {
                if (value % factor == 0)
                {
                    return (value / factor).ToString(CultureInfo.InvariantCulture) + suffix;
                }
            }
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Sums per-resource quantity maps (for example every Node's capacity).</summary>
    public static Dictionary<string, string> Sum(IEnumerable<IReadOnlyDictionary<string, string>?> maps)
    {
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var binaries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var map in maps)
        {
            foreach (var (resource, quantity) in map ?? new Dictionary<string, string>())
            {
                if (Parse(quantity) is not { } value)
                {
                    continue;
                }

                totals[resource] = totals.GetValueOrDefault(resource) + value;
                if (quantity.EndsWith('i'))
                {
                    binaries.Add(resource);
                }
            }
        }

        return totals.ToDictionary(p => p.Key, p => Format(p.Value, binaries.Contains(p.Key)), StringComparer.Ordinal);
    }
}
