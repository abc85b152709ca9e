using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Conditions;

/// <summary>Helpers over <c>metav1.Condition</c> lists, following apimachinery's <c>meta.SetStatusCondition</c>.</summary>
public static class ConditionSet
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>The condition of <paramref name="type"/>, or null.</summary>
    public static Condition? Find(ImmutableArray<Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal));

    /// <summary>True when the condition of <paramref name="type"/> exists with status <c>True</c>.</summary>
    public static bool IsTrue(ImmutableArray<Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, True, StringComparison.Ordinal);

    /// <summary>True when the condition of <paramref name="type"/> exists with status <c>False</c>.</summary>
    public static bool IsFalse(ImmutableArray<Condition>? conditions, string type) =>
        string.Equals(Find(conditions, type)?.Status, False, StringComparison.Ordinal);

    /// <summary>
    /// Sets the condition of <paramref name="condition"/>'s type. <c>lastTransitionTime</c> moves to
    /// <paramref name="now"/> only when the status changes (or the condition is new, and has none of its own);
    /// reason, message and observedGeneration are replaced. Returns whether anything changed.
    /// </summary>
    public static (bool Changed, ImmutableArray<Condition> Conditions) Set(ImmutableArray<Condition>? conditions, Condition condition, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var list = conditions ?? [];
        var index = list.IndexOf(list.FirstOrDefault(c => string.Equals(c.Type, condition.Type, StringComparison.Ordinal))!);
        if (index < 0)
        {
            return (true, list.Add(condition with { LastTransitionTime = condition.LastTransitionTime ?? now }));
        }

        var existing = list[index];
        var transition = string.Equals(existing.Status, condition.Status, StringComparison.Ordinal)
            ? existing.LastTransitionTime
            : condition.LastTransitionTime ?? now;
        var updated = existing with
        {
            Status = condition.Status,
            Reason = condition.Reason,
            Message = condition.Message,
            ObservedGeneration = condition.ObservedGeneration,
            LastTransitionTime = transition,
        };
        return updated == existing ? (false, list) : (true, list.SetItem(index, updated));
    }

    /// <summary>Removes the condition of <paramref name="type"/>; returns whether it was there.</summary>
    public static (bool Changed, ImmutableArray<Condition> Conditions) Remove(ImmutableArray<Condition>? conditions, string type)
    {
        var list = conditions ?? [];
        var kept = list.RemoveAll(c => string.Equals(c.Type, type, StringComparison.Ordinal));
        return (kept.Length != list.Length, kept);
    }
}
