using System.Globalization;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// The table <c>kubectl tdcc placements</c> prints: a row per subscription and placed cluster (<c>&lt;none&gt;</c> when it
/// is placed nowhere); REPLICAS is the cluster's share of a divided subscription (<c>all</c> when replicated), READY the
/// member's ready replicas; NAMESPACE only for <c>-A</c>; RELEASES (only when a listed subscription has Helm chart feeds)
/// each release in the cluster as <c>name@version rN status</c>.
/// </summary>
internal static class PlacementTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<PlacementSummary> subscriptions, bool allNamespaces, DateTimeOffset now)
    {
        var headers = new List<string> { "NAME", "STRATEGY", "CLUSTER", "REPLICAS", "READY", "SCHEDULED", "APPLIED", "AGE" };
        var releases = subscriptions.Any(s => s.Releases.Count > 0);
        if (releases)
        {
            headers.Insert(headers.Count - 1, "RELEASES");
        }

        if (allNamespaces)
        {
            headers.Insert(0, "NAMESPACE");
        }

        var table = KubectlTable.Create([.. headers]);
        foreach (var subscription in subscriptions)
        {
            var conditions = subscription.Subscription.Status?.Conditions;
            var placements = subscription.Placements.Count > 0 ? subscription.Placements : [new PlacementDecision { Cluster = "<none>" }];
            foreach (var placement in placements)
            {
                var cells = new List<string?>
                {
                    subscription.Name,
                    subscription.Strategy,
                    placement.Evicting == true ? $"{placement.Cluster} (evicting)" : placement.Cluster,
                    subscription.Placements.Count == 0 ? "-" : placement.Replicas?.ToString(CultureInfo.InvariantCulture) ?? "all",
                    placement.ReadyReplicas?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Conditions.Cell(conditions, SubscriptionConditions.Scheduled, healthy: true),
                    Conditions.Cell(conditions, DeliveryConditions.Applied, healthy: true),
                    ClusterListTable.Age(subscription.Subscription.Metadata.CreationTimestamp, now),
                };
                if (releases)
                {
                    var inCluster = subscription.Releases.Where(r => r.Cluster == placement.Cluster).Select(PlacementSummary.ReleaseCell).ToList();
                    cells.Insert(cells.Count - 1, inCluster.Count == 0 ? "-" : string.Join(", ", inCluster));
                }

                if (allNamespaces)
                {
                    cells.Insert(0, subscription.Namespace);
                }

                KubectlTable.AddRow(table, [.. cells]);
            }
        }

        console.Write(table);
    }
}
