using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// The GAMMA routes of an outbound port in the data path, as proxyless clients apply them: the first rule (the producer
/// orders them by Gateway API precedence) with a match that holds (path and every header condition) takes the request,
/// and one of its backends is drawn by weight, once, at the sending gateway (the receiving gateway never splits again).
/// Regular expressions (RE2 in the API; the subset Gateway API users write is the same in .NET) match the whole value,
/// compiled once per pattern and bounded in time.
/// </summary>
internal sealed class RouteRuleMatcher
{
    private const int MaxCachedPatterns = 1024;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, Regex?> _patterns = new(StringComparer.Ordinal);

    /// <summary>The first rule that matches the request; null when none does.</summary>
    public RouteRuleModel? Match(HttpRequest request, ImmutableArray<RouteRuleModel> rules)
    {
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        foreach (var rule in rules)
        {
            if (rule.Matches.Count == 0 || rule.Matches.Any(match => Holds(match, path, request.Headers)))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>A backend of the rule drawn by weight; null when it has none with a weight above zero.</summary>
    public static RouteBackendModel? PickBackend(RouteRuleModel rule, Random random)
    {
        long total = 0;
        foreach (var backend in rule.Backends)
        {
            total += backend.Weight;
        }

        if (total == 0)
        {
            return null;
        }

        var draw = random.NextInt64(total);
        foreach (var backend in rule.Backends)
        {
            draw -= backend.Weight;
            if (draw < 0)
            {
                return backend;
            }
        }

        return null;
    }

    private bool Holds(RouteMatchModel match, string path, IHeaderDictionary headers)
    {
        if (match.Path is { } condition && !PathHolds(condition, path))
        {
            return false;
        }

        foreach (var header in match.Headers ?? [])
        {
            if (!headers.TryGetValue(header.Name, out var values) || values.Count == 0)
            {
                return false;
            }

            // Several values of one header are compared as one, joined as HTTP joins them.
            var value = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
            var holds = header.Kind == HeaderMatchKind.Exact ? string.Equals(value, header.Value, StringComparison.Ordinal) : WholeMatch(header.Value, value);
            if (!holds)
            {
                return false;
            }
        }

        return true;
    }

    private bool PathHolds(PathMatchModel condition, string path) => condition.Kind switch
    {
        PathMatchKind.Exact => string.Equals(path, condition.Value, StringComparison.Ordinal),
        PathMatchKind.Prefix => path.StartsWith(condition.Value, StringComparison.Ordinal),
        PathMatchKind.RegularExpression => WholeMatch(condition.Value, path),
        _ => false,
    };

    /// <summary>True when the whole <paramref name="value"/> matches <paramref name="pattern"/> (false for a pattern .NET cannot compile or a match that takes too long).</summary>
    public bool WholeMatch(string pattern, string value)
    {
        var regex = Compiled(pattern);
        if (regex is null)
        {
            return false;
        }

        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private Regex? Compiled(string pattern)
    {
        if (_patterns.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        if (_patterns.Count >= MaxCachedPatterns)
        {
            _patterns.Clear();
        }

        try
        {
            regex = new Regex("^(?:" + pattern + ")$", RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            // Not a pattern .NET understands: it matches nothing (the xDS translation already accepted it as RE2).
            regex = null;
        }

        return _patterns.GetOrAdd(pattern, regex);
    }
}
