using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>Reads a GRPCRoute into a <see cref="MeshRoute"/>: method matches become path conditions (<see cref="GrpcMethodPaths"/>).</summary>
internal static class GrpcRouteReader
{
    public static MeshRoute Read(GrpcRoute route) => RouteRuleWalker.Read<GrpcRouteRule, GrpcRouteMatch>(
        new RouteId(GatewayApiGroups.GrpcRouteKind, route.Metadata.Namespace ?? string.Empty, route.Metadata.Name ?? string.Empty),
        route.Metadata,
        route.Spec?.ParentRefs,
        route.Spec?.Rules,
        timeout: static (_, _, _) => null,
        catchAll: static rule => new MeshRouteMatch(rule, 0, [], MatchRanks.Grpc(0, 0, 0, regularExpression: false)),
        ReadMatch);

    private static MeshRouteMatch ReadMatch(GrpcRouteMatch match, MeshRouteRule rule, int index, string path, List<string> problems)
    {
        RouteFieldChecks.UnknownFields(match.Extra, path, problems);
        var headers = RouteFieldChecks.Headers(match.Headers, path + ".headers", problems);
        var method = match.Method;
        var regex = string.Equals(method?.Type, MatchTypes.RegularExpression, StringComparison.Ordinal);
        if (method is not null)
        {
            CheckMethod(method, regex, path + ".method", problems);
        }

        var pathMatch = GrpcMethodPaths.For(method);
        var model = new RouteMatchModel(pathMatch, headers.Count > 0 ? headers : null);
        var alternatives = pathMatch is null && headers.Count == 0 ? Array.Empty<RouteMatchModel>() : [model];
        return new MeshRouteMatch(rule, index, alternatives, MatchRanks.Grpc(method?.Service?.Length ?? 0, method?.Method?.Length ?? 0, headers.Count, regex));
    }

    private static void CheckMethod(GrpcMethodMatch method, bool regex, string path, List<string> problems)
    {
        if (method.Type is not (null or MatchTypes.Exact or MatchTypes.RegularExpression))
        {
            problems.Add($"{path}.type: {method.Type} is not supported (Exact or RegularExpression)");
            return;
        }

        if (string.IsNullOrEmpty(method.Service) && string.IsNullOrEmpty(method.Method))
        {
            problems.Add($"{path}: one or both of service and method must be set");
        }

        foreach (var (field, value) in new[] { ("service", method.Service), ("method", method.Method) })
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            if (regex && Re2Patterns.Problem(value) is { } problem)
            {
                problems.Add($"{path}.{field}: {problem}");
            }
            else if (!regex && value.Contains('/', StringComparison.Ordinal))
            {
                problems.Add($"{path}.{field}: an exact {field} must not contain '/'");
            }
        }
    }
}
