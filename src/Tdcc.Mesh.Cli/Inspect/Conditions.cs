using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>How the commands show conditions: a table cell, a one-line problem, and JSON.</summary>
internal static class Conditions
{
    /// <summary><c>True</c>, <c>False (NoService)</c>, ...: the status, and the reason when the status is not the healthy one; <c>-</c> when absent.</summary>
    public static string Cell(ImmutableArray<Condition>? conditions, string type, bool healthy)
    {
        if (ConditionSet.Find(conditions, type) is not { } condition)
        {
            return "-";
        }

        var good = condition.Status == (healthy ? ConditionSet.True : ConditionSet.False);
        return good || string.IsNullOrEmpty(condition.Reason) ? condition.Status : $"{condition.Status} ({condition.Reason})";
    }

    /// <summary>True when <paramref name="type"/> is present and its status is not the healthy one.</summary>
    public static bool IsUnhealthy(ImmutableArray<Condition>? conditions, string type, bool healthy) =>
        ConditionSet.Find(conditions, type) is { } condition && condition.Status != (healthy ? ConditionSet.True : ConditionSet.False);

    /// <summary><c>Type=Status (Reason): message</c> on one line.</summary>
    public static string Describe(Condition condition)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var reason = string.IsNullOrEmpty(condition.Reason) ? string.Empty : $" ({condition.Reason})";
        var message = string.IsNullOrWhiteSpace(condition.Message) ? string.Empty : ": " + XdsStatusTable.OneLine(condition.Message);
        return $"{condition.Type}={condition.Status}{reason}{message}";
    }

    public static JsonArray ToJson(ImmutableArray<Condition>? conditions)
    {
        var list = new JsonArray();
        foreach (var condition in conditions ?? [])
        {
            list.Add(new JsonObject
            {
                ["type"] = condition.Type,
                ["status"] = condition.Status,
                ["reason"] = condition.Reason,
                ["message"] = condition.Message,
                ["lastTransitionTime"] = condition.LastTransitionTime,
            });
        }

        return list;
    }
}
