using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Reads HTTPRoutes and GRPCRoutes into <see cref="IngressRoute"/>s: matches (path, method, headers, query parameters;
/// a GRPCRoute's service and method as a path, see <see cref="GrpcMethodPaths"/>), filters, weighted backends,
/// timeouts and retry.
/// </summary>
internal static class IngressRouteReader
{
    private static readonly PathMatchModel Everything = new(PathMatchKind.Prefix, "/");

    public static IngressRoute Read(HttpRoute route, BackendResolver backends)
    {
        var id = new RouteId(GatewayApiGroups.HttpRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty);
        var problems = new List<string>();
        var entries = new List<IngressRouteEntry>();
        var unresolved = new List<IngressBackend>();
        var rules = route.Spec?.Rules ?? [];
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            var path = $"spec.rules[{r}]";
            var template = Rule(id, r, path, rule.Filters, rule.BackendRefs, http: true, backends, problems, unresolved) with
            {
                RequestTimeout = Timeout(rule.Timeouts?.Request, path + ".timeouts.request", problems),
                BackendRequestTimeout = Timeout(rule.Timeouts?.BackendRequest, path + ".timeouts.backendRequest", problems),
                Retry = Retry(rule.Extra, path + ".retry", problems),
            };
            foreach (var name in (rule.Extra?.Keys ?? Enumerable.Empty<string>()).Where(k => k != "retry").Order(StringComparer.Ordinal))
            {
                problems.Add($"{path}.{name} is not supported");
            }

            var matches = rule.Matches ?? [];
            CheckPrefixReplacement(rule, matches, path, problems);
            if (matches.IsEmpty)
            {
                entries.Add(new IngressRouteEntry(template with { Match = new IngressMatch { Path = Everything } }, 0, MatchRanks.Http(Everything, false, 0, 0, 1)));
                continue;
            }

            for (var m = 0; m < matches.Length; m++)
            {
                var (match, rank) = HttpMatch(matches[m], $"{path}.matches[{m}]", problems);
                entries.Add(new IngressRouteEntry(template with { Match = match }, m, rank));
            }
        }

        return new IngressRoute(id, route.Metadata.CreationTimestamp, route.Metadata.Generation, [.. route.Spec?.Hostnames ?? []], [.. route.Spec?.ParentRefs ?? []], entries, problems, unresolved.FirstOrDefault());
    }

    public static IngressRoute Read(GrpcRoute route, BackendResolver backends)
    {
        var id = new RouteId(GatewayApiGroups.GrpcRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty);
        var problems = new List<string>();
        var entries = new List<IngressRouteEntry>();
        var unresolved = new List<IngressBackend>();
        var rules = route.Spec?.Rules ?? [];
        for (var r = 0; r < rules.Length; r++)
        {
            var rule = rules[r];
            var path = $"spec.rules[{r}]";
            var template = Rule(id, r, path, rule.Filters, rule.BackendRefs, http: false, backends, problems, unresolved);
            foreach (var name in (rule.Extra?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
            {
                problems.Add($"{path}.{name} is not supported");
            }

            var matches = rule.Matches ?? [];
            if (matches.IsEmpty)
            {
                entries.Add(new IngressRouteEntry(template, 0, MatchRanks.Http(Everything, false, 0, 0, 0)));
                continue;
            }

            for (var m = 0; m < matches.Length; m++)
            {
                var at = $"{path}.matches[{m}]";
                var match = matches[m];
                if (match.Method is { Type: MatchTypes.RegularExpression } regex)
                {
                    foreach (var part in new[] { regex.Service, regex.Method }.Where(p => !string.IsNullOrEmpty(p)))
                    {
                        if (Re2Patterns.Problem(part!) is { } problem)
                        {
                            problems.Add($"{at}.method: {problem}");
                        }
                    }
                }
                else if (match.Method is { Type: not (null or MatchTypes.Exact) } other)
                {
                    problems.Add($"{at}.method.type: {other.Type} is not supported (Exact or RegularExpression)");
                }

                var headers = RouteFieldChecks.Headers(match.Headers, at + ".headers", problems);
                var pathMatch = GrpcMethodPaths.For(match.Method);
                var rankPath = pathMatch ?? Everything;
                var rankLength = pathMatch is null ? 0 : pathMatch.Value.Length;
                entries.Add(new IngressRouteEntry(
                    template with { Match = new IngressMatch { Path = pathMatch, Headers = [.. headers] } },
                    m,
                    MatchRanks.Http(rankPath, false, headers.Count, 0, rankLength)));
            }
        }

        return new IngressRoute(id, route.Metadata.CreationTimestamp, route.Metadata.Generation, [.. route.Spec?.Hostnames ?? []], [.. route.Spec?.ParentRefs ?? []], entries, problems, unresolved.FirstOrDefault());
    }

    private static IngressRouteRule Rule(
        RouteId id,
        int index,
        string path,
        ImmutableArray<RouteFilter>? filters,
        ImmutableArray<BackendRef>? backendRefs,
        bool http,
        BackendResolver backends,
        List<string> problems,
        List<IngressBackend> unresolved)
    {
        IngressBackend Resolve(BackendRef reference)
        {
            var backend = backends.Resolve(reference, id.Kind, id.Namespace);
            if (backend.Kind == IngressBackendKind.Invalid)
            {
                unresolved.Add(backend);
            }

            return backend;
        }

        var refs = backendRefs ?? [];
        var resolved = ImmutableArray.CreateBuilder<IngressBackend>(refs.Length);
        for (var b = 0; b < refs.Length; b++)
        {
            var reference = refs[b];
            resolved.Add(Resolve(reference) with
            {
                Filters = IngressFilters.Read(reference.Filters, http, $"{path}.backendRefs[{b}].filters", problems, Resolve),
            });
        }

        return new IngressRouteRule
        {
            Route = id.ToString(),
            RuleIndex = index,
            Filters = IngressFilters.Read(filters, http, path + ".filters", problems, Resolve),
            Backends = resolved.MoveToImmutable(),
        };
    }

    /// <summary><c>ReplacePrefixMatch</c> (of a redirect or rewrite) needs every match of its rule to be a path prefix: it replaces the matched prefix.</summary>
    private static void CheckPrefixReplacement(HttpRouteRule rule, ImmutableArray<HttpRouteMatch> matches, string path, List<string> problems)
    {
        var filters = (rule.Filters ?? []).Concat((rule.BackendRefs ?? []).SelectMany(b => b.Filters ?? []));
        var replacesPrefix = filters.Any(f => f.RequestRedirect?.Path?.Type == "ReplacePrefixMatch" || f.UrlRewrite?.Path?.Type == "ReplacePrefixMatch");
        if (replacesPrefix && matches.Any(m => (m.Path?.Type ?? MatchTypes.PathPrefix) != MatchTypes.PathPrefix))
        {
            problems.Add($"{path}: ReplacePrefixMatch needs every match of the rule to be a PathPrefix match");
        }
    }

    private static (IngressMatch Match, IReadOnlyList<int> Rank) HttpMatch(HttpRouteMatch match, string path, List<string> problems)
    {
        foreach (var name in (match.Extra?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
        {
            problems.Add($"{path}.{name} is not supported");
        }

        var headers = RouteFieldChecks.Headers(match.Headers, path + ".headers", problems);
        var query = QueryParams(match.QueryParams, path + ".queryParams", problems);
        var type = match.Path?.Type ?? MatchTypes.PathPrefix;
        var value = match.Path?.Value ?? "/";
        PathMatchModel pathMatch;
        switch (type)
        {
            case MatchTypes.Exact:
                CheckAbsolute(value, path, problems);
                pathMatch = new PathMatchModel(PathMatchKind.Exact, value);
                break;
            case MatchTypes.PathPrefix:
                CheckAbsolute(value, path, problems);
                var trimmed = value.Length > 1 ? value.TrimEnd('/') : value;
                value = trimmed.Length == 0 ? "/" : trimmed;
                pathMatch = new PathMatchModel(PathMatchKind.Prefix, value);
                break;
            case MatchTypes.RegularExpression:
                if (Re2Patterns.Problem(value) is { } problem)
                {
                    problems.Add($"{path}.path.value: {problem}");
                }

                pathMatch = new PathMatchModel(PathMatchKind.RegularExpression, value);
                break;
            default:
                problems.Add($"{path}.path.type: {type} is not supported (Exact, PathPrefix or RegularExpression)");
                pathMatch = Everything;
                break;
        }

        var method = string.IsNullOrEmpty(match.Method) ? null : match.Method.ToUpperInvariant();
        return (
            new IngressMatch { Path = pathMatch, Method = method, Headers = [.. headers], QueryParameters = query },
            MatchRanks.Http(pathMatch, method is not null, headers.Count, query.Length, value.Length));
    }

    /// <summary>Query parameter conditions: names are case-sensitive, and of several entries with one name only the first counts.</summary>
    private static ImmutableArray<HeaderMatchModel> QueryParams(ImmutableArray<HttpQueryParamMatch>? parameters, string path, List<string> problems)
    {
        var list = parameters ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<HeaderMatchModel>();
        for (var i = 0; i < list.Length; i++)
        {
            var parameter = list[i];
            if (!seen.Add(parameter.Name))
            {
                continue;
            }

            switch (parameter.Type ?? MatchTypes.Exact)
            {
                case MatchTypes.Exact:
                    result.Add(new HeaderMatchModel(parameter.Name, parameter.Value));
                    break;
                case MatchTypes.RegularExpression:
                    if (Re2Patterns.Problem(parameter.Value) is { } problem)
                    {
                        problems.Add($"{path}[{i}].value: {problem}");
                    }

                    result.Add(new HeaderMatchModel(parameter.Name, parameter.Value, HeaderMatchKind.RegularExpression));
                    break;
                default:
                    problems.Add($"{path}[{i}].type: {parameter.Type} is not supported (Exact or RegularExpression)");
                    break;
            }
        }

        return result.ToImmutable();
    }

    private static void CheckAbsolute(string value, string path, List<string> problems)
    {
        if (!value.StartsWith('/'))
        {
            problems.Add($"{path}.path.value: must start with '/'");
        }
    }

    /// <summary>A Gateway API duration; <c>0s</c> (no timeout) and absence are null.</summary>
    private static TimeSpan? Timeout(string? text, string path, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }

        var duration = GatewayDuration.Parse(text);
        if (duration is null)
        {
            problems.Add($"{path}: '{text}' is not a duration such as 10s, 1m30s or 500ms");
            return null;
        }

        return duration == TimeSpan.Zero ? null : duration;
    }

    /// <summary>The rule's <c>retry</c> (<c>codes</c>, <c>attempts</c>, <c>backoff</c>), read from the fields the model keeps verbatim.</summary>
    private static IngressRetry? Retry(Dictionary<string, JsonElement>? extra, string path, List<string> problems)
    {
        if (extra is null || !extra.TryGetValue("retry", out var retry))
        {
            return null;
        }

        if (retry.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{path}: must be an object");
            return null;
        }

        var attempts = 1;
        var codes = ImmutableArray.CreateBuilder<int>();
        TimeSpan? backoff = null;
        foreach (var field in retry.EnumerateObject())
        {
            switch (field.Name)
            {
                case "attempts" when field.Value.ValueKind == JsonValueKind.Number && field.Value.TryGetInt32(out var n) && n >= 0:
                    attempts = n;
                    break;
                case "codes" when field.Value.ValueKind == JsonValueKind.Array:
                    foreach (var code in field.Value.EnumerateArray())
                    {
                        if (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c is >= 400 and <= 599)
                        {
                            codes.Add(c);
                        }
                        else
                        {
                            problems.Add($"{path}.codes: {code.GetRawText()} is not an HTTP status code of 400 to 599");
                        }
                    }

                    break;
                case "backoff" when field.Value.ValueKind == JsonValueKind.String:
                    backoff = GatewayDuration.Parse(field.Value.GetString());
                    if (backoff is null)
                    {
                        problems.Add($"{path}.backoff: '{field.Value.GetString()}' is not a duration such as 100ms");
                    }

                    break;
                default:
                    problems.Add($"{path}.{field.Name}: {field.Value.GetRawText()} is not supported");
                    break;
            }
        }

        return new IngressRetry(attempts, codes.ToImmutable(), backoff);
    }
}
