using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>Checks both route kinds share: filters, fields the mesh does not model, and header matches.</summary>
internal static class RouteFieldChecks
{
    public static void Filters(ImmutableArray<RouteFilter>? filters, string path, List<string> problems)
    {
        var list = filters ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            problems.Add($"{path}[{i}]: filter {list[i].Type} is not supported");
        }
    }

    /// <summary>Fields of a rule the model does not name (e.g. <c>sessionPersistence</c>, <c>retry</c>): each is reported.</summary>
    public static void UnknownFields(Dictionary<string, JsonElement>? extra, string path, List<string> problems)
    {
        foreach (var name in (extra?.Keys ?? Enumerable.Empty<string>()).Order(StringComparer.Ordinal))
        {
            problems.Add($"{path}.{name} is not supported");
        }
    }

    public static void Backends(ImmutableArray<BackendRef>? backends, string path, List<string> problems)
    {
        var list = backends ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            Filters(list[i].Filters, $"{path}[{i}].filters", problems);
        }
    }

    /// <summary>Header conditions as xDS header matches: only the first of several entries with one name counts (names are case-insensitive).</summary>
    public static IReadOnlyList<HeaderMatchModel> Headers(ImmutableArray<HeaderMatch>? headers, string path, List<string> problems)
    {
        var list = headers ?? [];
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var models = new List<HeaderMatchModel>();
        for (var i = 0; i < list.Length; i++)
        {
            var header = list[i];
            if (!seen.Add(header.Name))
            {
                continue;
            }

            switch (header.Type ?? MatchTypes.Exact)
            {
                case MatchTypes.Exact:
                    models.Add(new HeaderMatchModel(header.Name.ToLowerInvariant(), header.Value));
                    break;
                case MatchTypes.RegularExpression:
                    if (Re2Patterns.Problem(header.Value) is { } problem)
                    {
                        problems.Add($"{path}[{i}].value: {problem}");
                    }

                    models.Add(new HeaderMatchModel(header.Name.ToLowerInvariant(), header.Value, HeaderMatchKind.RegularExpression));
                    break;
                default:
                    problems.Add($"{path}[{i}].type: {header.Type} is not supported (Exact or RegularExpression)");
                    break;
            }
        }

        return models;
    }
}
