using Envoy.Config.Route.V3;
using Envoy.Type.Matcher.V3;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The routing rules of one service port (Gateway API GAMMA producer routes) → Envoy routes, shared by the proxyless
/// and the gateway RouteConfigurations. Rules keep their order; each match of a rule becomes one route (a rule without
/// matches: one route for every path), so the matches of a rule are alternatives and the conditions of a match all
/// hold. Nothing else is added: a request no rule matches is rejected. Backends resolve to cluster names through the
/// caller; unresolved backends and zero weights are dropped. One backend left: <c>cluster</c>; several:
/// <c>weighted_clusters</c>; none: <c>direct_response</c> 500, or a route to <paramref name="noBackendCluster"/> when the
/// caller gives one (proxyless clients, see <see cref="NoBackendCluster"/>). A rule's timeout and retries override the
/// service's.
/// </summary>
/// <param name="clusterOf">The cluster of a backend, or null when the backend does not resolve.</param>
/// <param name="noBackendCluster">The cluster for rules without a usable backend; null: <c>direct_response</c> 500.</param>
/// <param name="retries">False drops every retry policy (the east-west gateway: the caller retries).</param>
internal sealed class RouteRuleTranslator(Func<RouteBackendModel, string?> clusterOf, string? noBackendCluster, bool retries)
{
    /// <summary>The status of the <c>direct_response</c> of a rule without a usable backend (Gateway API: 500).</summary>
    public const uint NoBackendStatus = 500;

    /// <summary>The rules of <paramref name="port"/> of <paramref name="service"/>, or null when the port has none.</summary>
    public static PortRoutesModel? RulesOf(ServiceModel service, int port) =>
        service.Routes?.FirstOrDefault(routes => routes.Port == port);

    /// <summary>The service's policy with the rule's timeout and retries, where the rule sets them.</summary>
    public static TrafficPolicyModel? PolicyOf(RouteRuleModel rule, TrafficPolicyModel? servicePolicy) =>
        rule.Timeout is null && rule.Retries is null
            ? servicePolicy
            : (servicePolicy ?? new TrafficPolicyModel()) with
            {
                Timeout = rule.Timeout ?? servicePolicy?.Timeout,
                Retries = rule.Retries ?? servicePolicy?.Retries,
            };

    /// <summary>The routes of <paramref name="rules"/>, in order, under the service's <paramref name="servicePolicy"/>.</summary>
    public IEnumerable<Route> Routes(PortRoutesModel rules, TrafficPolicyModel? servicePolicy)
    {
        ArgumentNullException.ThrowIfNull(rules);
        for (var i = 0; i < rules.Rules.Count; i++)
        {
            var rule = rules.Rules[i];
            var policy = PolicyOf(rule, servicePolicy);
            if (!retries && policy is not null)
            {
                policy = policy with { Retries = null };
            }

            var ruleName = string.IsNullOrWhiteSpace(rule.Name) ? $"rule {i}" : rule.Name;
            IReadOnlyList<RouteMatchModel> matches = rule.Matches.Count == 0 ? [new RouteMatchModel()] : rule.Matches;
            for (var j = 0; j < matches.Count; j++)
            {
                var route = new Route { Name = $"{ruleName} match {j}", Match = Match(matches[j]) };
                SetAction(route, rule.Backends, policy);
                yield return route;
            }
        }
    }

    private static RouteMatch Match(RouteMatchModel match)
    {
        var routeMatch = new RouteMatch();
        switch (match.Path)
        {
            case null:
                routeMatch.Prefix = "/";
                break;
            case { Kind: PathMatchKind.Exact, Value: var path }:
                routeMatch.Path = path;
                break;
            case { Kind: PathMatchKind.Prefix, Value: var prefix }:
                routeMatch.Prefix = prefix;
                break;
            case { Kind: PathMatchKind.RegularExpression, Value: var regex }:
                routeMatch.SafeRegex = new RegexMatcher { Regex = regex };
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(match), match.Path.Kind, "unknown path match kind");
        }

        foreach (var header in match.Headers ?? [])
        {
            routeMatch.Headers.Add(Header(header));
        }

        return routeMatch;
    }

    /// <summary>
    /// A header condition as <c>string_match</c>, the v3 field (exact_match and safe_regex_match are deprecated);
    /// gRPC metadata keys are lower case, so the name is too.
    /// </summary>
    private static HeaderMatcher Header(HeaderMatchModel header) => new()
    {
        Name = header.Name.ToLowerInvariant(),
        StringMatch = header.Kind switch
        {
            HeaderMatchKind.Exact => new StringMatcher { Exact = header.Value },
            HeaderMatchKind.RegularExpression => new StringMatcher { SafeRegex = new RegexMatcher { Regex = header.Value } },
            _ => throw new ArgumentOutOfRangeException(nameof(header), header.Kind, "unknown header match kind"),
        },
    };

    private void SetAction(Route route, IReadOnlyList<RouteBackendModel> backends, TrafficPolicyModel? policy)
    {
        var clusters = WeightedBackends.Resolve(backends, clusterOf);
        switch (clusters.Count)
        {
            case 0 when noBackendCluster is null:
                route.DirectResponse = new DirectResponseAction { Status = NoBackendStatus };
                break;
            case 0:
                route.Route_ = new RouteAction { Cluster = noBackendCluster };
                break;
            case 1:
                route.Route_ = RouteTranslator.Action(clusters[0].Cluster, policy);
                break;
            default:
                var action = RouteTranslator.Action(clusters[0].Cluster, policy);
                var weighted = new WeightedCluster();
                foreach (var (cluster, weight) in clusters)
                {
                    weighted.Clusters.Add(new WeightedCluster.Types.ClusterWeight { Name = cluster, Weight = weight });
                }

                action.WeightedClusters = weighted; // replaces the single cluster (one oneof)
                route.Route_ = action;
                break;
        }
    }
}
