using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Policy.Api;
using Reasons = Tdcc.Mesh.Policy.Api.TrafficPolicyConditions.Reasons;

namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>
/// Decides which TrafficPolicy is in force for each clusterset service. A policy targets services of its own
/// namespace; when several valid policies target one service the oldest wins (creation time, then name) and the others
/// are <c>Conflicted</c> for it; a policy with an unusable field is <c>Invalid</c> and claims nothing. Pure.
/// </summary>
public static class TrafficPolicyResolver
{
    /// <summary>Resolves <paramref name="policies"/> against the clusterset services (namespace and name) of <paramref name="services"/>.</summary>
    public static TrafficPolicyResolution Resolve(IEnumerable<TrafficPolicy> policies, IEnumerable<(string Namespace, string Name)> services)
    {
        ArgumentNullException.ThrowIfNull(policies);
        ArgumentNullException.ThrowIfNull(services);
        var known = services.ToHashSet();
        var inForce = new Dictionary<(string Namespace, string Name), TrafficPolicyModel>();
        var owners = new Dictionary<(string Namespace, string Name), string>();
        var verdicts = new List<TrafficPolicyVerdict>();
        var ordered = policies
            .Where(p => p.Metadata.Name is not null && p.Metadata.DeletionTimestamp is null)
            .OrderBy(p => p.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(p => p.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal);
        foreach (var policy in ordered)
        {
            var ns = policy.Metadata.Namespace ?? string.Empty;
            var name = policy.Metadata.Name!;
            TrafficPolicyVerdict Verdict(bool accepted, string reason, string message) =>
                new(ns, name, policy.Metadata.Generation, accepted, reason, message);

            var targets = policy.Spec?.TargetRefs ?? [];
            if (policy.Spec is null || targets.IsDefaultOrEmpty)
            {
                verdicts.Add(Verdict(false, Reasons.Invalid, "spec.targetRefs: the policy names no service"));
                continue;
            }

            var (model, problem) = TrafficPolicyConverter.Convert(policy.Spec);
            var badTarget = targets.Select((t, i) => TargetProblem(t, i)).FirstOrDefault(p => p is not null);
            if (model is null || badTarget is not null)
            {
                verdicts.Add(Verdict(false, Reasons.Invalid, problem ?? badTarget!));
                continue;
            }

            var applied = new List<string>();
            var missing = new List<string>();
            var conflicts = new List<string>();
            foreach (var service in targets.Select(t => t.Name!).Distinct(StringComparer.Ordinal))
            {
                var key = (ns, service);
                if (!known.Contains(key))
                {
                    missing.Add(service);
                }
                else if (owners.TryGetValue(key, out var owner))
                {
                    conflicts.Add($"{service} (already held by TrafficPolicy {owner}, created earlier or first by name)");
                }
                else
                {
                    owners[key] = name;
                    inForce[key] = model;
                    applied.Add(service);
                }
            }

            verdicts.Add(applied.Count > 0
                ? Verdict(true, Reasons.Accepted, AcceptedMessage(ns, applied, missing, conflicts))
                : conflicts.Count > 0
                    ? Verdict(false, Reasons.Conflicted, $"not applied: {string.Join(", ", conflicts)}" + (missing.Count > 0 ? $"; no clusterset service {string.Join(", ", missing)} in namespace {ns}" : string.Empty))
                    : Verdict(false, Reasons.TargetNotFound, $"no clusterset service {string.Join(", ", missing)} in namespace {ns}: export it from a member cluster first"));
        }

        return new TrafficPolicyResolution(inForce, verdicts);
    }

    private static string? TargetProblem(PolicyTargetReference target, int index)
    {
        var where = $"spec.targetRefs[{index}]";
        if (string.IsNullOrEmpty(target.Name))
        {
            return $"{where}.name is empty";
        }

        return (target.Group ?? PolicyGroups.Multicluster, target.Kind ?? PolicyGroups.ServiceImportKind) switch
        {
            (PolicyGroups.Multicluster, PolicyGroups.ServiceImportKind) => null,
            ("" or "core", PolicyGroups.ServiceKind) => null,
            var (group, kind) => $"{where}: {kind}.{group} cannot be targeted; use a ServiceImport (multicluster.x-k8s.io) or a Service",
        };
    }

    private static string AcceptedMessage(string ns, List<string> applied, List<string> missing, List<string> conflicts)
    {
        var message = $"in force for {string.Join(", ", applied.Select(s => $"{s}.{ns}"))}";
        if (conflicts.Count > 0)
        {
            message += $"; not applied to {string.Join(", ", conflicts)}";
        }

        if (missing.Count > 0)
        {
            message += $"; no clusterset service {string.Join(", ", missing)} in namespace {ns} yet";
        }

        return message;
    }
}
