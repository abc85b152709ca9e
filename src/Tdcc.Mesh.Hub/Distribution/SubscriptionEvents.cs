using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Events;

namespace Tdcc.Mesh.Hub.Distribution;

/// <summary>
/// The Events that explain a Subscription's decisions, derived from the change between the status it had and the one
/// written now: nothing changes on a resync, so nothing is emitted (the recorder aggregates repeats like kube's).
/// Reasons: <c>Scheduled</c> (first placement), <c>Rescheduled</c> (the placement changed), <c>ClusterFiltered</c> (a
/// cluster newly rejected, with the filter's sentence), <c>Unschedulable</c>, <c>FailoverStarted</c>/<c>FailoverEnded</c>
/// (a cluster's old copy kept while its replicas move, then released), <c>ApplyFailed</c> and <c>Applied</c>,
/// <c>DriftDetected</c> (Report mode).
/// </summary>
internal static class SubscriptionEvents
{
    public static void Record(IEventRecorder recorder, Subscription subscription, SubscriptionStatus? before, SubscriptionStatus after)
    {
        var oldPlacement = Describe(before?.Placements);
        var newPlacement = Describe(after.Placements);
        if (oldPlacement != newPlacement && newPlacement.Length > 0)
        {
            recorder.Record(subscription, EventType.Normal, oldPlacement.Length == 0 ? "Scheduled" : "Rescheduled", $"placed on {newPlacement}" + (oldPlacement.Length == 0 ? string.Empty : $" (was {oldPlacement})"));
        }

        var oldFiltered = (before?.FilteredClusters ?? []).Select(f => f.Cluster + "|" + f.Reason).ToHashSet(StringComparer.Ordinal);
        foreach (var filtered in after.FilteredClusters ?? [])
        {
            if (!oldFiltered.Contains(filtered.Cluster + "|" + filtered.Reason))
            {
                recorder.Record(subscription, EventType.Normal, "ClusterFiltered", $"cluster {filtered.Cluster} filtered out by {filtered.Filter}: {filtered.Reason}");
            }
        }

        var oldEvicting = Evicting(before?.Placements);
        var newEvicting = Evicting(after.Placements);
        foreach (var cluster in newEvicting.Except(oldEvicting))
        {
            recorder.Record(subscription, EventType.Warning, "FailoverStarted", $"replicas move off cluster {cluster}; its old copy stays until the new ones are ready");
        }

        foreach (var cluster in oldEvicting.Except(newEvicting))
        {
            recorder.Record(subscription, EventType.Normal, "FailoverEnded", $"the old copy on cluster {cluster} is released");
        }

        Transition(recorder, subscription, before, after, SubscriptionConditions.Scheduled, c => c.Status == ConditionSet.False, EventType.Warning, c => c.Reason == "FeedUnavailable" ? "FeedUnavailable" : "Unschedulable");
        Transition(recorder, subscription, before, after, DeliveryConditions.Applied, c => c.Status == ConditionSet.False && c.Reason == DeliveryConditions.ApplyFailed, EventType.Warning, _ => "ApplyFailed");
        Transition(recorder, subscription, before, after, DeliveryConditions.Applied, c => c.Status == ConditionSet.True, EventType.Normal, _ => "Applied");
        Transition(recorder, subscription, before, after, DeliveryConditions.Drifted, c => c.Status == ConditionSet.True, EventType.Warning, _ => "DriftDetected");
    }

    /// <summary>An event when the condition newly matches <paramref name="matches"/>, or its message changed while it does.</summary>
    private static void Transition(IEventRecorder recorder, Subscription subscription, SubscriptionStatus? before, SubscriptionStatus after, string type, Func<Condition, bool> matches, EventType eventType, Func<Condition, string> reason)
    {
        var now = ConditionSet.Find(after.Conditions, type);
        if (now is null || !matches(now))
        {
            return;
        }

        var was = ConditionSet.Find(before?.Conditions, type);
        if (was is not null && matches(was) && was.Message == now.Message)
        {
            return;
        }

        recorder.Record(subscription, eventType, reason(now), now.Message ?? now.Reason ?? type);
    }

    private static string Describe(ImmutableArray<PlacementDecision>? placements) =>
        string.Join(", ", (placements ?? [])
            .Where(p => p.Evicting != true)
            .OrderBy(p => p.Cluster, StringComparer.Ordinal)
            .Select(p => p.Replicas is { } replicas ? $"{p.Cluster}={replicas.ToString(CultureInfo.InvariantCulture)}" : p.Cluster));

    private static HashSet<string> Evicting(ImmutableArray<PlacementDecision>? placements) =>
        (placements ?? []).Where(p => p.Evicting == true).Select(p => p.Cluster ?? string.Empty).ToHashSet(StringComparer.Ordinal);
}
