namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Gateway API hostname rules: a wildcard <c>*.example.com</c> matches every name with one or more labels in front of
/// <c>example.com</c> (not <c>example.com</c> itself); a listener and a route hostname intersect when one matches the
/// other, and the intersection is the more specific of the two.
/// </summary>
internal static class Hostnames
{
    /// <summary>
    /// The hostnames a route attached to a listener serves: null when none intersect; empty when the route has none
    /// (every name the listener accepts); else the intersections, in the route's order, without duplicates.
    /// </summary>
    public static IReadOnlyList<string>? Intersect(string? listener, IReadOnlyList<string> route)
    {
        if (route.Count == 0)
        {
            return [];
        }

        if (string.IsNullOrEmpty(listener))
        {
            return [.. route.Select(h => h.ToLowerInvariant()).Distinct(StringComparer.Ordinal)];
        }

        var result = new List<string>();
        foreach (var raw in route)
        {
            var hostname = raw.ToLowerInvariant();
            var intersection = Intersect(listener.ToLowerInvariant(), hostname);
            if (intersection is not null && !result.Contains(intersection, StringComparer.Ordinal))
            {
                result.Add(intersection);
            }
        }

        return result.Count == 0 ? null : result;
    }

    /// <summary>The more specific of two hostnames when one matches the other, else null.</summary>
    public static string? Intersect(string a, string b)
    {
        if (string.Equals(a, b, StringComparison.Ordinal))
        {
            return a;
        }

        if (Covers(a, b))
        {
            return b;
        }

        return Covers(b, a) ? a : null;
    }

    /// <summary>Whether the wildcard <paramref name="wildcard"/> matches <paramref name="name"/> (itself a name or a narrower wildcard).</summary>
    public static bool Covers(string wildcard, string name)
    {
        if (!wildcard.StartsWith("*.", StringComparison.Ordinal))
        {
            return false;
        }

        var suffix = wildcard[1..];
        var body = name.StartsWith("*.", StringComparison.Ordinal) ? name[1..] : name;
        return body.Length > suffix.Length && body.EndsWith(suffix, StringComparison.Ordinal);
    }

    /// <summary>Whether two listener hostnames (null: every name) are the same for conflict detection.</summary>
    public static bool Same(string? a, string? b) =>
        string.Equals(string.IsNullOrEmpty(a) ? null : a.ToLowerInvariant(), string.IsNullOrEmpty(b) ? null : b.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>Precedence of a rule's hostname (lower first): an exact name, then a wildcard, longer first; none last.</summary>
    public static (int Kind, int Length) Rank(string? hostname) => hostname switch
    {
        null or "" => (2, 0),
        _ when hostname.StartsWith("*.", StringComparison.Ordinal) => (1, -hostname.Length),
        _ => (0, -hostname.Length),
    };
}
