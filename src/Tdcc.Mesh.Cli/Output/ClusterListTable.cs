using Spectre.Console;
using Tdcc.Mesh.ApiServer.Tables;
using Tdcc.Mesh.Cli.Inspect;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The table <c>kubectl tdcc clusters</c> prints.</summary>
internal static class ClusterListTable
{
    public static void Write(IAnsiConsole console, IReadOnlyList<ClusterSummary> clusters, DateTimeOffset now)
    {
        var table = KubectlTable.Create("NAME", "STATUS", "REGION/ZONE", "NODES", "CPU", "MEMORY", "LAST SEEN", "AGE");
        foreach (var cluster in clusters)
        {
            KubectlTable.AddRow(
                table,
                cluster.Name,
                cluster.Status,
                Locality(cluster.Region, cluster.Zone),
                cluster.Nodes?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                cluster.Cpu,
                cluster.Memory,
                cluster.LastSeen is { } seen ? HumanDuration.Format(now - seen) : "never",
                Age(cluster.Cluster.Metadata.CreationTimestamp, now));
        }

        console.Write(table);
    }

    /// <summary>kubectl's AGE: <c>5m</c>, <c>2d4h</c>; <c>&lt;unknown&gt;</c> without a creation time.</summary>
    public static string Age(DateTimeOffset? created, DateTimeOffset now) => created is { } time ? HumanDuration.Format(now - time) : "<unknown>";

    private static string Locality(string? region, string? zone) => (region, zone) switch
    {
        (null, null) => "-",
        _ => $"{region ?? "-"}/{zone ?? "-"}",
    };
}
