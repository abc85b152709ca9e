using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's disruption controller: computes each PodDisruptionBudget's status from the pods its selector
/// matches (a nil selector matches none, an empty one all). expectedPods is the matching pods' count for an integer
/// minAvailable, else the sum of the scale of the pods' controllers (a Deployment through its ReplicaSet, a ReplicaSet,
/// a StatefulSet; pods without one are not counted); desiredHealthy is minAvailable (a percentage of expectedPods,
/// rounded up) or expectedPods minus maxUnavailable (rounded up); currentHealthy counts Ready pods that are neither
/// terminating nor recently evicted; disruptionsAllowed = currentHealthy - desiredHealthy (0 when negative or nothing is
/// expected). Evicted pods stay in <c>disruptedPods</c> until they are gone or 2 minutes have passed. Pod events reach
/// the controller as a per-namespace key, which reconciles every budget of that namespace.
/// </summary>
internal sealed partial class DisruptionReconciler(
    IInformerStore<PodDisruptionBudget> budgets,
    IInformerStore<Pod> pods,
    IInformerStore<ReplicaSet> replicaSets,
    IInformerStore<Deployment> deployments,
    IInformerStore<StatefulSet> statefulSets,
    IKubeClient client,
    TimeProvider time,
    ILogger<DisruptionReconciler> logger) : IReconciler
{
    /// <summary>How long an evicted pod may take to go before it counts again (kube's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The name of the key a pod event maps to: every budget of the pod's namespace (no object has this name).</summary>
    public const string NamespaceMarker = "~namespace";

    /// <summary>Maps a pod event to its namespace's marker key.</summary>
    public static IEnumerable<ObjectKey> NamespaceOf(Pod pod) => [new ObjectKey(pod.Metadata.Namespace ?? string.Empty, NamespaceMarker)];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (key.Name == NamespaceMarker)
        {
            TimeSpan? soonest = null;
            foreach (var budget in budgets.ByIndex(InformerIndexes.Namespace, key.Namespace))
            {
                var result = await ReconcileBudgetAsync(budget, cancellationToken).ConfigureAwait(false);
                soonest = Min(soonest, result.RequeueAfter);
            }

            return soonest is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
        }

        var pdb = budgets.GetByKey(key);
        return pdb is null || pdb.Metadata.DeletionTimestamp is not null
            ? ReconcileResult.Done
            : await ReconcileBudgetAsync(pdb, cancellationToken).ConfigureAwait(false);
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>True when the budget's selector matches the labels: nil matches nothing, empty matches everything (policy/v1).</summary>
    internal static bool Selects(LabelSelector? selector, ImmutableDictionary<string, string>? labels) =>
        selector is not null
        && (((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Length ?? 0) == 0) || Selectors.Matches(selector, labels));

    /// <summary>intstr.GetScaledValueFromIntOrPercent with rounding up.</summary>
    internal static int Scaled(IntOrString value, int total)
    {
        if (value.IntValue is { } count)
        {
            return count;
        }

        var text = value.StringValue ?? "0";
        var percent = text.EndsWith('%') && int.TryParse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) ? p : 0;
        return (int)Math.Ceiling(percent * total / 100.0);
    }

    private async Task<ReconcileResult> ReconcileBudgetAsync(PodDisruptionBudget pdb, CancellationToken cancellationToken)
    {
        var ns = pdb.Metadata.Namespace ?? string.Empty;
        var spec = pdb.Spec ?? new PodDisruptionBudgetSpec();
        var matching = pods.ByIndex(InformerIndexes.Namespace, ns).Where(p => Selects(spec.Selector, p.Metadata.Labels)).ToList();
        int expected;
        int desired;
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            expected = ExpectedScale(matching);
            desired = Math.Max(0, expected - Scaled(maxUnavailable, expected));
        }
        else if (spec.MinAvailable is { IsInt: true } minCount)
        {
            expected = matching.Count;
            desired = minCount.IntValue!.Value;
        }
        else if (spec.MinAvailable is { } minPercent)
        {
            expected = ExpectedScale(matching);
            desired = Scaled(minPercent, expected);
        }
        else
        {
            expected = matching.Count;
            desired = 0;
        }

        var now = time.GetUtcNow();
        var disrupted = ImmutableDictionary.CreateBuilder<string, DateTimeOffset>();
        TimeSpan? recheck = null;
        foreach (var pod in matching.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (pdb.Status?.DisruptedPods?.TryGetValue(pod.Metadata.Name ?? string.Empty, out var evictedAt) == true)
            {
                var deadline = evictedAt + DeletionTimeout;
                if (deadline > now)
                {
                    disrupted[pod.Metadata.Name!] = evictedAt;
                    recheck = Min(recheck, deadline - now);
                }
                else
                {
                    LogNotDeleted(logger, ns, pod.Metadata.Name, pdb.Metadata.Name);
                }
            }
        }

        var healthy = matching.Count(p => p.Metadata.DeletionTimestamp is null && !disrupted.ContainsKey(p.Metadata.Name ?? string.Empty) && PodStates.IsReady(p));
        var allowed = expected <= 0 ? 0 : Math.Max(0, healthy - desired);
        var condition = Condition(pdb, allowed > 0, now);
        var status = new PodDisruptionBudgetStatus
        {
            ObservedGeneration = pdb.Metadata.Generation,
            DisruptedPods = disrupted.Count > 0 ? disrupted.ToImmutable() : null,
            DisruptionsAllowed = allowed,
            CurrentHealthy = healthy,
            DesiredHealthy = desired,
            ExpectedPods = expected,
            Conditions = [condition],
        };
        if (!Same(pdb.Status, status))
        {
            try
            {
                await client.Resource<PodDisruptionBudget>().UpdateStatusAsync(pdb with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogStatus(logger, ns, pdb.Metadata.Name, healthy, desired, expected, allowed);
            }
            catch (KubeApiException e) when (e.Reason is KubeErrorReason.Conflict or KubeErrorReason.NotFound)
            {
                // The cache was behind (an eviction charged the budget, or it went away); the watch event brings the budget back.
            }
        }

        return recheck is { } after ? ReconcileResult.After(after + TimeSpan.FromMilliseconds(100)) : ReconcileResult.Done;
    }

    private static Condition Condition(PodDisruptionBudget pdb, bool sufficient, DateTimeOffset now)
    {
        var status = sufficient ? "True" : "False";
        var previous = pdb.Status?.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        return new Condition
        {
            Type = "DisruptionAllowed",
            Status = status,
            Reason = sufficient ? "SufficientPods" : "InsufficientPods",
            Message = string.Empty,
            ObservedGeneration = pdb.Metadata.Generation,
            LastTransitionTime = previous is not null && previous.Status == status ? previous.LastTransitionTime ?? now : now,
        };
    }

    private static bool Same(PodDisruptionBudgetStatus? a, PodDisruptionBudgetStatus b)
    {
        if (a is null)
        {
            return false;
        }

        var condition = a.Conditions?.FirstOrDefault(c => c.Type == "DisruptionAllowed");
        var wanted = b.Conditions!.Value[0];
        var sameDisrupted = (a.DisruptedPods?.Count ?? 0) == (b.DisruptedPods?.Count ?? 0)
            && (b.DisruptedPods ?? ImmutableDictionary<string, DateTimeOffset>.Empty).All(kv => a.DisruptedPods!.TryGetValue(kv.Key, out var t) && t == kv.Value);
        return a.ObservedGeneration == b.ObservedGeneration
            && a.DisruptionsAllowed == b.DisruptionsAllowed
            && a.CurrentHealthy == b.CurrentHealthy
            && a.DesiredHealthy == b.DesiredHealthy
            && a.ExpectedPods == b.ExpectedPods
            && sameDisrupted
            && condition is not null
            && condition.Status == wanted.Status
            && condition.Reason == wanted.Reason
            && condition.ObservedGeneration == wanted.ObservedGeneration;
    }

    /// <summary>kube's getExpectedScale: the scale of every distinct controller of the pods.</summary>
    private int ExpectedScale(List<Pod> matching)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var pod in matching)
        {
            var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
            if (owner is null)
            {
                continue;
            }

            var ns = pod.Metadata.Namespace ?? string.Empty;
            var (uid, scale) = owner.Kind switch
            {
                "ReplicaSet" => ReplicaSetScale(new ObjectKey(ns, owner.Name ?? string.Empty)),
                "StatefulSet" when statefulSets.GetByKey(new ObjectKey(ns, owner.Name ?? string.Empty)) is { } set => (set.Metadata.Uid, set.Spec?.Replicas ?? 1),
                _ => (null, 0),
            };
            if (uid is not null && seen.Add(uid))
            {
                total += scale;
            }
        }

        return total;
    }

    private (string? Uid, int Scale) ReplicaSetScale(ObjectKey key)
    {
        var replicaSet = replicaSets.GetByKey(key);
        if (replicaSet is null)
        {
            return (null, 0);
        }

        var owner = replicaSet.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true && r.Kind == "Deployment");
        if (owner is not null && deployments.GetByKey(new ObjectKey(key.Namespace, owner.Name ?? string.Empty)) is { } deployment)
        {
            return (deployment.Metadata.Uid, deployment.Spec?.Replicas ?? 1);
        }

        return (replicaSet.Metadata.Uid, replicaSet.Spec?.Replicas ?? 1);
    }

    [LoggerMessage(EventId = 7290, Level = LogLevel.Debug, Message = "PodDisruptionBudget {Namespace}/{Name}: {Healthy} healthy, {Desired} desired, {Expected} expected, {Allowed} disruptions allowed")]
    private static partial void LogStatus(ILogger logger, string @namespace, string? name, int healthy, int desired, int expected, int allowed);

    [LoggerMessage(EventId = 7291, Level = LogLevel.Information, Message = "Pod {Namespace}/{Pod} was evicted under PodDisruptionBudget {Budget} more than 2 minutes ago and is still there; it counts again")]
    private static partial void LogNotDeleted(ILogger logger, string @namespace, string? pod, string? budget);
}
