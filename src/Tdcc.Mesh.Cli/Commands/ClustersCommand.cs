using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Cli.Kube;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc clusters [--kubeconfig f] [--context hub] [-o table|json|yaml]</c> (<c>kubectl tdcc clusters</c>): the
/// member clusters the hub knows, with their health, locality, capacity and last heartbeat.
/// </summary>
internal static class ClustersCommand
{
    public static Command Create(IAnsiConsole? console = null, TimeProvider? time = null)
    {
        var kube = new KubeContextOptions("The hub's kubeconfig context (default: the current context)");
        var output = StructuredOutput.CreateOption("json and yaml: each cluster's status, capacity, conditions and last heartbeat");
        var command = new Command("clusters", "List the member clusters registered on the hub: status, region/zone, capacity, last seen.") { output };
        kube.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            var terminal = console ?? AnsiConsole.Console;
            return KubeCommandRunner.RunAsync(terminal, async () =>
            {
                using var hub = kube.Open(parse);
                return await RunAsync(terminal, hub, StructuredOutput.Parse(parse.GetValue(output)), time ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            });
        });
        return command;
    }

    /// <summary>The hub's ManagedClusters with their heartbeat Leases, by name.</summary>
    public static async Task<IReadOnlyList<ClusterSummary>> ReadAsync(KubeTarget hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        var clusters = await ServedKinds.ListAsync<ManagedCluster>(hub, null, ServedKinds.NotAHub(hub), cancellationToken).ConfigureAwait(false);
        var leases = hub.Client.Resource<Lease>();
        var summaries = new List<ClusterSummary>(clusters.Items.Length);
        foreach (var cluster in clusters.Items.OrderBy(c => c.Metadata.Name, StringComparer.Ordinal))
        {
            var name = cluster.Metadata.Name ?? string.Empty;
            Lease? heartbeat;
            try
            {
                heartbeat = await leases.GetAsync(ClustersApi.ClusterNamespace(name), name, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason is KubeErrorReason.Forbidden or KubeErrorReason.Unauthorized)
            {
                heartbeat = null; // Not allowed to read Leases: the hub's status.lastSeen has to do.
            }

            summaries.Add(ClusterSummary.Of(cluster, heartbeat));
        }

        return summaries;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, KubeTarget hub, OutputFormat format, TimeProvider time, CancellationToken cancellationToken)
    {
        var clusters = await ReadAsync(hub, cancellationToken).ConfigureAwait(false);
        if (format != OutputFormat.Table)
        {
            var items = new JsonArray();
            foreach (var cluster in clusters)
            {
                items.Add(cluster.ToJson());
            }

            await StructuredOutput.WriteAsync(console, new JsonObject { ["hub"] = hub.Context, ["clusters"] = items }, format, cancellationToken).ConfigureAwait(false);
            return KubeCommandRunner.ExitOk;
        }

        if (clusters.Count == 0)
        {
            console.MarkupLine($"No member clusters on hub {Markup.Escape(hub.Context)}. Add one: [bold]kubectl tdcc join <name> --context {Markup.Escape(hub.Context)}[/]");
            return KubeCommandRunner.ExitOk;
        }

        ClusterListTable.Write(console, clusters, time.GetUtcNow());
        return KubeCommandRunner.ExitOk;
    }
}
