using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Reads an HTTPRoute into a <see cref="MeshRoute"/>. A path prefix matches whole path elements (<c>/foo</c> matches
/// <c>/foo</c> and <c>/foo/bar</c>, not <c>/foobar</c>), so it becomes two alternatives: the exact path and the prefix
/// with a trailing slash. Method and query parameter matches are reported as unsupported.
/// </summary>
internal static class HttpRouteReader
{
    private static readonly PathMatchModel Everything = new(PathMatchKind.Prefix, "/");

    public static MeshRoute Read(HttpRoute route) => RouteRuleWalker.Read<HttpRouteRule, HttpRouteMatch>(
        new RouteId(GatewayApiGroups.HttpRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty),
        route.Metadata,
        route.Spec?.ParentRefs,
        route.Spec?.Rules,
        timeout: static (rule, path, problems) => Timeout(rule.Timeouts, path + ".timeouts", problems),
        catchAll: static rule => new MeshRouteMatch(rule, 0, [new RouteMatchModel(Everything)], MatchRanks.Http(Everything, false, 0, 0, 1)),
        ReadMatch);

    private static MeshRouteMatch ReadMatch(HttpRouteMatch match, MeshRouteRule rule, int index, string path, List<string> problems)
    {
        RouteFieldChecks.UnknownFields(match.Extra, path, problems);
        var headers = RouteFieldChecks.Headers(match.Headers, path + ".headers", problems);
        if (match.Method is not null)
        {
            problems.Add($"{path}.method: HTTP method matches are not supported");
        }

        var queryParams = match.QueryParams?.Length ?? 0;
        if (queryParams > 0)
        {
            problems.Add($"{path}.queryParams: query parameter matches are not supported");
        }

        var type = match.Path?.Type ?? MatchTypes.PathPrefix;
        var value = match.Path?.Value ?? "/";
        var headerList = headers.Count > 0 ? headers : null;
        IReadOnlyList<RouteMatchModel> alternatives;
        PathMatchModel primary;
        switch (type)
        {
            case MatchTypes.Exact:
                CheckAbsolute(value, path, problems);
                primary = new PathMatchModel(PathMatchKind.Exact, value);
                alternatives = [new RouteMatchModel(primary, headerList)];
                break;
            case MatchTypes.RegularExpression:
                if (Re2Patterns.Problem(value) is { } problem)
                {
                    problems.Add($"{path}.path.value: {problem}");
                }

                primary = new PathMatchModel(PathMatchKind.RegularExpression, value);
                alternatives = [new RouteMatchModel(primary, headerList)];
                break;
            case MatchTypes.PathPrefix:
                CheckAbsolute(value, path, problems);
                var trimmed = value.Length > 1 ? value.TrimEnd('/') : value;
                trimmed = trimmed.Length == 0 ? "/" : trimmed;
                primary = new PathMatchModel(PathMatchKind.Prefix, trimmed);
                alternatives = trimmed == "/"
                    ? [new RouteMatchModel(primary, headerList)]
                    : [new RouteMatchModel(new PathMatchModel(PathMatchKind.Exact, trimmed), headerList), new RouteMatchModel(new PathMatchModel(PathMatchKind.Prefix, trimmed + "/"), headerList)];
                value = trimmed;
                break;
            default:
                problems.Add($"{path}.path.type: {type} is not supported (Exact, PathPrefix or RegularExpression)");
                primary = Everything;
                alternatives = [];
                break;
        }

        return new MeshRouteMatch(rule, index, alternatives, MatchRanks.Http(primary, match.Method is not null, headers.Count, queryParams, value.Length));
    }

    private static void CheckAbsolute(string value, string path, List<string> problems)
    {
        if (!value.StartsWith('/'))
        {
            problems.Add($"{path}.path.value: must start with '/'");
        }
    }

    private static TimeSpan? Timeout(HttpRouteTimeouts? timeouts, string path, List<string> problems)
    {
        if (timeouts is null)
        {
            return null;
        }

        RouteFieldChecks.UnknownFields(timeouts.Extra, path, problems);
        if (timeouts.BackendRequest is not null)
        {
            problems.Add($"{path}.backendRequest is not supported");
        }

        if (timeouts.Request is null)
        {
            return null;
        }

        var request = GatewayDuration.Parse(timeouts.Request);
        if (request is null)
        {
            problems.Add($"{path}.request: '{timeouts.Request}' is not a duration such as 10s, 1m30s or 500ms");
        }

        return request;
    }
}
