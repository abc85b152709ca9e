using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Policy.Api;
using Reasons = Tdcc.Mesh.Policy.Api.NetworkPolicyConditions.Reasons;

namespace Tdcc.Mesh.Policy.NetworkPolicies;

/// <summary>
/// Writes the <c>Accepted</c>, <c>Enforced</c> and <c>RulesEnforced</c> conditions and <c>status.enforcedClusters</c> of
/// every MultiClusterNetworkPolicy from the same resolution the xDS model uses (<see cref="NetworkPolicyResolver"/>),
/// only for policies whose status changed. Every policy, import or endpoint change enqueues the one key <see cref="Key"/>.
/// </summary>
public sealed partial class NetworkPolicyStatusReconciler(
    IKubeClient hub,
    IInformerStore<MultiClusterNetworkPolicy> policies,
    INetworkPolicyServices services,
    TimeProvider time,
    ILogger<NetworkPolicyStatusReconciler> logger) : IReconciler
{
    /// <summary>The single key every change enqueues.</summary>
    public static readonly ObjectKey Key = ObjectKey.Cluster("network-policies");

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var all = policies.List();
        var verdicts = NetworkPolicyResolver.Resolve(all, services.List()).Verdicts.ToDictionary(v => (v.Namespace, v.Name));
        var now = time.GetUtcNow();
        foreach (var policy in all)
        {
            if (!verdicts.TryGetValue((policy.Metadata.Namespace ?? string.Empty, policy.Metadata.Name ?? string.Empty), out var verdict))
            {
                continue;
            }

            var status = Status(policy.Status, verdict, now, out var changed);
            if (!changed)
            {
                continue;
            }

            if (!verdict.Accepted)
            {
                LogRejected(logger, verdict.Namespace, verdict.Name, verdict.Problem!);
            }

            try
            {
                await hub.Resource<MultiClusterNetworkPolicy>().UpdateStatusAsync(policy with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
            {
                // Deleted meanwhile.
            }
        }

        return ReconcileResult.Done;
    }

    /// <summary>The status <paramref name="verdict"/> asks for; <paramref name="changed"/> says whether it differs from <paramref name="current"/>.</summary>
    public static MultiClusterNetworkPolicyStatus Status(MultiClusterNetworkPolicyStatus? current, NetworkPolicyVerdict verdict, DateTimeOffset now, out bool changed)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        var conditions = current?.Conditions;
        changed = false;
        foreach (var condition in Conditions(verdict))
        {
            var (one, next) = ConditionSet.Set(conditions, condition, now);
            changed |= one;
            conditions = next;
        }

        var clusters = verdict.EnforcedClusters.ToImmutableArray();
        if (current?.EnforcedClusters is not { } held || !held.SequenceEqual(clusters, StringComparer.Ordinal))
        {
            changed = true;
        }

        return (current ?? new MultiClusterNetworkPolicyStatus()) with { Conditions = conditions, EnforcedClusters = clusters };
    }

    private static IEnumerable<Condition> Conditions(NetworkPolicyVerdict verdict)
    {
        Condition Make(string type, bool status, string reason, string message) => new()
        {
            Type = type,
            Status = status ? ConditionSet.True : ConditionSet.False,
            ObservedGeneration = verdict.Generation,
            Reason = reason,
            Message = message,
        };

        if (!verdict.Accepted)
        {
            yield return Make(NetworkPolicyConditions.Accepted, false, Reasons.Invalid, verdict.Problem!);
            yield return Make(NetworkPolicyConditions.Enforced, false, Reasons.Invalid, "not enforced: the policy is not accepted");
            yield return Make(NetworkPolicyConditions.RulesEnforced, false, Reasons.Invalid, "not enforced: the policy is not accepted");
            yield break;
        }

        var missing = verdict.MissingTargets.Count == 0 ? string.Empty : $"; no clusterset service {string.Join(", ", verdict.MissingTargets)} in namespace {verdict.Namespace} yet";
        yield return Make(NetworkPolicyConditions.Accepted, true, Reasons.Accepted, $"governs {(verdict.Services.Count == 0 ? "no service yet" : string.Join(", ", verdict.Services.Select(s => $"{s}.{verdict.Namespace}")))}{missing}");
        yield return verdict.EnforcedClusters.Count > 0
            ? Make(NetworkPolicyConditions.Enforced, true, Reasons.Enforced, $"enforced by the gateways of {string.Join(", ", verdict.EnforcedClusters)}")
            : Make(NetworkPolicyConditions.Enforced, false, Reasons.NotExported, $"no governed service is exported by any cluster{missing}");
        yield return verdict.Unenforceable.Count == 0
            ? Make(NetworkPolicyConditions.RulesEnforced, true, Reasons.AllRulesEnforced, "every rule is enforced as written")
            : Make(NetworkPolicyConditions.RulesEnforced, false, Reasons.UnenforceableRules, string.Join("; ", verdict.Unenforceable));
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "MultiClusterNetworkPolicy {Namespace}/{Name} is not accepted: {Detail}")]
    private static partial void LogRejected(ILogger logger, string @namespace, string name, string detail);
}
