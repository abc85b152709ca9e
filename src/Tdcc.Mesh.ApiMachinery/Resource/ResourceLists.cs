using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiMachinery.Resource;

/// <summary>Operations on resource lists (maps of resource name to quantity text, as in a Node's capacity).</summary>
public static class ResourceLists
{
    /// <summary>Per-resource totals of several lists in canonical text; quantities that do not parse are left out.</summary>
    public static ImmutableDictionary<string, string> Sum(IEnumerable<IReadOnlyDictionary<string, string>?> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var totals = new Dictionary<string, Quantity>(StringComparer.Ordinal);
        foreach (var list in lists)
        {
            foreach (var (resource, text) in list ?? ImmutableDictionary<string, string>.Empty)
            {
                if (Quantity.TryParse(text, out var quantity))
                {
                    totals[resource] = totals.GetValueOrDefault(resource) + quantity;
                }
            }
        }

        return totals.ToImmutableDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }
}
