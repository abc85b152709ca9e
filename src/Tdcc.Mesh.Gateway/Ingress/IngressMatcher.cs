using System.Collections.Immutable;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.Gateway.Outbound;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// Picks the rule of a listener that serves a request: the first (the control plane ordered them by Gateway API
/// precedence) whose hostnames fit the Host and whose match holds: path (exact; prefix element by element, so
/// <c>/foo</c> matches <c>/foo</c>, <c>/foo/</c> and <c>/foo/bar</c> but not <c>/foobar</c>; or a whole-path regular
/// expression), method, every header (names case-insensitive, several values joined with commas) and every query
/// parameter (names case-sensitive, the first value). Regular expressions go through <see cref="RouteRuleMatcher"/>'s
/// bounded cache.
/// </summary>
internal sealed class IngressMatcher(RouteRuleMatcher patterns)
{
    public IngressRouteRule? Match(HttpRequest request, string host, ImmutableArray<IngressRouteRule> rules)
    {
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        foreach (var rule in rules)
        {
            if (HostHolds(rule.Hostnames, host) && Holds(rule.Match, request, path))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>True when <paramref name="path"/> starts with <paramref name="prefix"/> element by element (a trailing slash of the prefix ignored).</summary>
    public static bool PrefixHolds(string prefix, string path)
    {
        var trimmed = prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
        if (trimmed is "/" or "")
        {
            return true;
        }

        return path.StartsWith(trimmed, StringComparison.Ordinal) && (path.Length == trimmed.Length || path[trimmed.Length] == '/');
    }

    private static bool HostHolds(ImmutableArray<string> hostnames, string host)
    {
        if (hostnames.IsDefaultOrEmpty)
        {
            return true;
        }

        foreach (var hostname in hostnames)
        {
            if (IngressHostnames.Matches(hostname, host))
            {
                return true;
            }
        }

        return false;
    }

    private bool Holds(IngressMatch match, HttpRequest request, string path)
    {
        if (match.Path is { } condition && !PathHolds(condition, path))
        {
            return false;
        }

        if (match.Method is { } method && !string.Equals(request.Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        foreach (var header in match.Headers.IsDefault ? [] : match.Headers)
        {
            if (!request.Headers.TryGetValue(header.Name, out var values) || values.Count == 0)
            {
                return false;
            }

            var value = values.Count == 1 ? values[0] ?? string.Empty : string.Join(',', values.ToArray());
            if (!ValueHolds(header, value))
            {
                return false;
            }
        }

        foreach (var parameter in match.QueryParameters.IsDefault ? [] : match.QueryParameters)
        {
            if (QueryValue(request.QueryString, parameter.Name) is not { } value || !ValueHolds(parameter, value))
            {
                return false;
            }
        }

        return true;
    }

    private bool PathHolds(PathMatchModel condition, string path) => condition.Kind switch
    {
        PathMatchKind.Exact => string.Equals(path, condition.Value, StringComparison.Ordinal),
        PathMatchKind.Prefix => PrefixHolds(condition.Value, path),
        PathMatchKind.RegularExpression => patterns.WholeMatch(condition.Value, path),
        _ => false,
    };

    private bool ValueHolds(HeaderMatchModel condition, string value) =>
        condition.Kind == HeaderMatchKind.Exact ? string.Equals(value, condition.Value, StringComparison.Ordinal) : patterns.WholeMatch(condition.Value, value);

    /// <summary>The first value of a query parameter, its name compared case-sensitively (ASP.NET's query collection ignores case).</summary>
    private static string? QueryValue(QueryString query, string name)
    {
        var text = query.HasValue ? query.Value.AsSpan(1) : [];
        while (!text.IsEmpty)
        {
            var end = text.IndexOf('&');
            var pair = end < 0 ? text : text[..end];
            text = end < 0 ? [] : text[(end + 1)..];
            var equals = pair.IndexOf('=');
            var key = Unescape(equals < 0 ? pair : pair[..equals]);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return equals < 0 ? string.Empty : Unescape(pair[(equals + 1)..]);
            }
        }

        return null;
    }

    private static string Unescape(ReadOnlySpan<char> value) => Uri.UnescapeDataString(value.ToString().Replace('+', ' '));
}
