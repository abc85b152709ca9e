namespace Tdcc.Mesh.ApiMachinery.Apply;

/// <summary>Formats apply conflicts as kube's 409 status message and causes.</summary>
public static class ApplyConflictMessage
{
    /// <summary>The status cause type kube uses for each conflict (<c>details.causes[].reason</c>).</summary>
    public const string CauseReason = "FieldManagerConflict";

    /// <summary>
    /// <c>Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas</c>, or for
    /// several, <c>Apply failed with N conflicts: conflicts with "m" using v1:\n- .a\n- .b</c> grouped by manager in name order.
    /// </summary>
    public static string Format(IReadOnlyList<ApplyConflict> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        if (conflicts.Count == 1)
        {
            return $"Apply failed with 1 conflict: conflict with {DescribeManager(conflicts[0])}: {conflicts[0].FieldPath}";
        }

        var lines = new List<string>();
        foreach (var group in conflicts.GroupBy(DescribeManager).OrderBy(g => g.First().Manager, StringComparer.Ordinal).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            lines.Add($"conflicts with {group.Key}:");
            lines.AddRange(group.Select(c => "- " + c.FieldPath));
        }

        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }

    /// <summary>kube's manager description: <c>"name"</c> for appliers, <c>"name" using apps/v1</c> for updaters.</summary>
    public static string DescribeManager(ApplyConflict conflict)
    {
        ArgumentNullException.ThrowIfNull(conflict);
        var text = $"\"{conflict.Manager}\"";
        if (!string.IsNullOrEmpty(conflict.Subresource))
        {
            text += $" with subresource \"{conflict.Subresource}\"";
        }

        return conflict.Operation == "Update" ? $"{text} using {conflict.ApiVersion}" : text;
    }
}
