using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Reads the rules of a route of any kind into a <see cref="MeshRoute"/>: the checks every rule gets (filters,
/// backends, unknown fields, each named by its path such as <c>spec.rules[0].filters</c>), one
/// <see cref="MeshRouteRule"/> per rule, and one <see cref="MeshRouteMatch"/> per match, or the kind's catch-all when a
/// rule has no match. What differs per kind (how a match reads, the catch-all, a rule's timeout) comes from the reader.
/// </summary>
internal static class RouteRuleWalker
{
    public static MeshRoute Read<TRule, TMatch>(
        RouteId id,
        ObjectMeta metadata,
        ImmutableArray<ParentReference>? parentRefs,
        ImmutableArray<TRule>? specRules,
        Func<TRule, string, List<string>, TimeSpan?> timeout,
        Func<MeshRouteRule, MeshRouteMatch> catchAll,
        Func<TMatch, MeshRouteRule, int, string, List<string>, MeshRouteMatch> readMatch)
        where TRule : IRouteRule<TMatch>
    {
        var problems = new List<string>();
        var rules = new List<MeshRouteRule>();
        var matches = new List<MeshRouteMatch>();
        var all = specRules ?? [];
        for (var r = 0; r < all.Length; r++)
        {
            var rule = all[r];
            var path = $"spec.rules[{r}]";
            RouteFieldChecks.Filters(rule.Filters, path + ".filters", problems);
            RouteFieldChecks.Backends(rule.BackendRefs, path + ".backendRefs", problems);
            RouteFieldChecks.UnknownFields(rule.Extra, path, problems);
            var meshRule = new MeshRouteRule(r, $"{id} rule {rule.Name ?? r.ToString(CultureInfo.InvariantCulture)}", [.. rule.BackendRefs ?? []], timeout(rule, path, problems));
            rules.Add(meshRule);
            var specMatches = rule.Matches ?? [];
            if (specMatches.IsEmpty)
            {
                matches.Add(catchAll(meshRule));
                continue;
            }

            for (var m = 0; m < specMatches.Length; m++)
            {
                matches.Add(readMatch(specMatches[m], meshRule, m, $"{path}.matches[{m}]", problems));
            }
        }

        return new MeshRoute(id, metadata.CreationTimestamp, metadata.Generation, [.. parentRefs ?? []], rules, matches, problems);
    }
}
