using System.Globalization;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>
/// Resolves MultiClusterNetworkPolicies against the clusterset services. A policy governs the services of its own
/// namespace that its <c>targetRefs</c> name (all of them when it names none). The rules of every accepted policy of a
/// service are evaluated in order of <c>priority</c> (lower first), then policy name, then rule order; the first rule
/// that matches decides. A request no rule matches is denied when any of the service's policies has
/// <c>defaultAction: Deny</c>, else allowed. A policy with an unusable field is not accepted and governs nothing. Pure.
/// </summary>
public static class NetworkPolicyResolver
{
    /// <summary>Resolves <paramref name="policies"/> against <paramref name="services"/>.</summary>
    public static NetworkPolicyResolution Resolve(IEnumerable<MultiClusterNetworkPolicy> policies, IEnumerable<NetworkPolicyService> services)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(services);
        var byNamespace = services.GroupBy(s => s.Namespace, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var verdicts = new List<NetworkPolicyVerdict>();
        var governed = new List<(int Priority, string Name, string Namespace, NetworkPolicyService Service, IReadOnlyList<AccessRuleModel> Rules, AccessAction Default)>();
        var ordered = policies
            .Where(p => p.Metadata.Name is not null && p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal);
        foreach (var policy in ordered)
        {
            var ns = policy.Metadata.Namespace ?? string.Empty;
            var name = policy.Metadata.Name!;
            var spec = policy.Spec ?? new MultiClusterNetworkPolicySpec();
            var problems = new List<string>();
            var (rules, defaultAction) = NetworkPolicyConverter.Convert($"{ns}/{name}", spec, problems);
            var candidates = byNamespace.TryGetValue(ns, out var list) ? list : [];
            var targets = spec.TargetRefs is { IsDefaultOrEmpty: false } refs ? refs : [];
            for (var i = 0; i < targets.Length; i++)
            {
                if (NetworkPolicyConverter.TargetProblem(targets[i], i) is { } problem)
                {
                    problems.Add(problem);
                }
            }

            if (problems.Count > 0)
            {
                verdicts.Add(new NetworkPolicyVerdict(ns, name, policy.Metadata.Generation, string.Join("; ", problems), [], [], [], []));
                continue;
            }

            var names = targets.Select(t => t.Name!).Distinct(StringComparer.Ordinal).ToList();
            var chosen = names.Count == 0 ? candidates : [.. candidates.Where(s => names.Contains(s.Name, StringComparer.Ordinal))];
            var missing = names.Where(n => !candidates.Any(s => string.Equals(s.Name, n, StringComparison.Ordinal))).ToList();
            foreach (var service in chosen)
            {
                governed.Add((spec.Priority ?? 0, name, ns, service, rules, defaultAction));
            }

            verdicts.Add(new NetworkPolicyVerdict(
                ns,
                name,
                policy.Metadata.Generation,
                null,
                [.. chosen.Select(s => s.Name).Order(StringComparer.Ordinal)],
                missing,
                [.. chosen.SelectMany(s => s.Clusters).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                Unenforceable(spec, chosen)));
        }

        var access = new Dictionary<(string Namespace, string Name), ServiceAccessModel>();
        foreach (var group in governed.GroupBy(g => (g.Namespace, g.Service.Name)))
        {
            var inOrder = group.OrderBy(g => g.Priority).ThenBy(g => g.Name, StringComparer.Ordinal).ToList();
            var denying = inOrder.FirstOrDefault(g => g.Default == AccessAction.Deny);
            access[group.Key] = new ServiceAccessModel(
                [.. inOrder.SelectMany(g => g.Rules)],
                denying.Name is null ? AccessAction.Allow : AccessAction.Deny,
                denying.Name is null ? null : $"{denying.Namespace}/{denying.Name}");
        }

        return new NetworkPolicyResolution(access, verdicts);
    }

    private static List<string> Unenforceable(MultiClusterNetworkPolicySpec spec, IReadOnlyList<NetworkPolicyService> services)
    {
        var result = new List<string>();
        var rules = spec.Rules is { IsDefault: false } r ? r : [];
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            var from = rule.From is { IsDefault: false } f ? f : [];
            for (var j = 0; j < from.Length; j++)
            {
                if (from[j].Namespaces is { IsDefaultOrEmpty: false } || from[j].ServiceAccounts is { IsDefaultOrEmpty: false })
                {
                    result.Add($"spec.rules[{i}].from[{j}]: namespaces and serviceAccounts are not attested by the sending gateways (only the source cluster is proven by mutual TLS), so this source matches no request: an Allow admits nothing, a Deny refuses nothing");
                }
            }

            var to = rule.To is { IsDefault: false } t ? t : [];
            for (var k = 0; k < to.Length; k++)
            {
                var operation = to[k];
                var ports = operation.Ports is { IsDefaultOrEmpty: false } p ? p : [];
                foreach (var port in ports.Where(port => !services.Any(s => s.Ports.Any(sp => sp.Port == port))))
                {
                    result.Add(string.Create(CultureInfo.InvariantCulture, $"spec.rules[{i}].to[{k}].ports: no governed service has port {port}"));
                }

                if (operation.Http is null && operation.Grpc is null)
                {
                    continue;
                }

                foreach (var service in services)
                {
                    foreach (var port in service.Ports.Where(sp => (ports.IsEmpty || ports.Contains(sp.Port)) && !NetworkPolicyService.IsHttp(sp)))
                    {
                        result.Add(string.Create(CultureInfo.InvariantCulture, $"spec.rules[{i}].to[{k}]: port {port.Port} of {service.Name} is not HTTP (appProtocol {port.AppProtocol ?? "unset"}): methods and paths cannot be checked on its connections, so this operation matches none of them"));
                    }
                }
            }
        }

        return result;
    }
}
