using System.Collections.Immutable;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>
/// Matches the equality-based and existence forms of a label selector string: <c>a=b</c>, <c>a==b</c>,
/// <c>a!=b</c>, <c>a</c>, <c>!a</c>, comma-separated. Set-based terms (<c>in</c>, <c>notin</c>) are matched too.
/// </summary>
internal static class LabelSelectorMatcher
{
    public static bool Matches(string? selector, ImmutableDictionary<string, string>? labels)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return true;
        }

        labels ??= ImmutableDictionary<string, string>.Empty;
        foreach (var term in SplitTerms(selector))
        {
            if (!MatchesTerm(term.Trim(), labels))
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesTerm(string term, ImmutableDictionary<string, string> labels)
    {
        if (term.Length == 0)
        {
            return true;
        }

        var notIn = term.IndexOf(" notin ", StringComparison.Ordinal);
        if (notIn > 0)
        {
            return !labels.TryGetValue(term[..notIn].Trim(), out var value) || !SetValues(term[(notIn + 7)..]).Contains(value);
        }

        var @in = term.IndexOf(" in ", StringComparison.Ordinal);
        if (@in > 0)
        {
            return labels.TryGetValue(term[..@in].Trim(), out var value) && SetValues(term[(@in + 4)..]).Contains(value);
        }

        var notEqual = term.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            return !labels.TryGetValue(term[..notEqual].Trim(), out var value) || value != term[(notEqual + 2)..].Trim();
        }

        var equal = term.IndexOf('=', StringComparison.Ordinal);
        if (equal > 0)
        {
            var expected = term[(equal + 1)..].TrimStart('=').Trim();
            return labels.TryGetValue(term[..equal].Trim(), out var value) && value == expected;
        }

        return term.StartsWith('!') ? !labels.ContainsKey(term[1..].Trim()) : labels.ContainsKey(term);
    }

    private static HashSet<string> SetValues(string set) =>
        [.. set.Trim().TrimStart('(').TrimEnd(')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>Splits on commas outside parentheses.</summary>
    private static IEnumerable<string> SplitTerms(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < selector.Length; i++)
        {
            switch (selector[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return selector[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return selector[start..];
    }
}
