using System.Globalization;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The table <c>kubectl tdcc policies</c> prints: a row per MultiClusterNetworkPolicy (NAMESPACE only for <c>-A</c>) with
/// its targets, priority, rules in short, acceptance, the clusters whose gateways enforce it, DENIED (refusals the
/// enforcing gateways counted since they started, <c>?</c> when none could be read) and the rules that cannot be
/// enforced; then one line per denial (gateway, source cluster, service, count) and per unreadable gateway.
/// </summary>
internal static class PolicyTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<PolicySummary> policies, bool allNamespaces, DateTimeOffset now)
    {
        var headers = new List<string> { "NAME", "TARGETS", "PRIORITY", "RULES", "ACCEPTED", "ENFORCED AT", "DENIED", "UNENFORCEABLE", "AGE" };
        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var table = KubectlTable.Create([.. headers]);
        foreach (var policy in policies)
        {
            var cells = new List<string?>
            {
                policy.Name,
                policy.Targets,
                (policy.Policy.Spec?.Priority ?? 0).ToString(CultureInfo.InvariantCulture),
                policy.RulesCell,
                Conditions.Cell(policy.Policy.Status?.Conditions, NetworkPolicyConditions.Accepted, healthy: true),
                policy.EnforcedClusters.Count == 0 ? "<none>" : string.Join(",", policy.EnforcedClusters),
                policy.Denied?.ToString(CultureInfo.InvariantCulture) ?? "?",
                policy.Unenforceable is { } unenforceable ? XdsStatusTable.OneLine(unenforceable) : "-",
                ClusterListTable.Age(policy.Policy.Metadata.CreationTimestamp, now),
            };
            if (allNamespaces)
            {
                cells.Insert(0, policy.Namespace);
            }

            KubectlTable.AddRow(table, [.. cells]);
        }

        console.Write(table);
        foreach (var policy in policies)
        {
            foreach (var (cluster, denial) in policy.Denials)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{policy.Key}: {cluster}'s gateway denied {denial.Denied} from {denial.SourceCluster} to {denial.Service}"));
            }

            foreach (var unread in policy.Unread)
            {
                console.WriteLine($"{policy.Key}: {unread}");
            }
        }
    }
}
