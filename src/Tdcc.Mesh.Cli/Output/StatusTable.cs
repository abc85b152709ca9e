using Spectre.Console;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The table <c>tdcc sandbox status</c> prints.</summary>
internal static class StatusTable
{
    public static void Write(IAnsiConsole console, SandboxEndpoints endpoints, IReadOnlyList<(ClusterEndpoints Cluster, string Ready)> probes)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Cluster", "Role", "API server", "Pods", "Services", "DNS", "xDS", "Ready");
        foreach (var (cluster, ready) in probes)
        {
            table.AddRow(
                Markup.Escape(cluster.Name),
                Markup.Escape(cluster.Role),
                Markup.Escape(cluster.ApiServer),
                Markup.Escape(cluster.PodCidr ?? "-"),
                Markup.Escape(cluster.ServiceCidr),
                Markup.Escape(cluster.Dns ?? "-"),
                Markup.Escape(cluster.Xds ?? "-"),
                ready == "ok" ? "[green]ok[/]" : $"[red]{Markup.Escape(ready)}[/]");
        }

        console.Write(table);
        console.MarkupLine($"Process {endpoints.Pid}, started {endpoints.StartedAt:u}; kubeconfig {Markup.Escape(endpoints.Kubeconfig)}");
    }
}
