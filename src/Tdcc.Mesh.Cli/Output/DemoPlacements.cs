using Spectre.Console;
using Tdcc.Mesh.Cli.Inspect;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Mesh;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>
/// What <c>tdcc sandbox up --demo</c> (<c>make run</c>) prints of the distribution demo: the demo Subscription's
/// placements as <c>kubectl tdcc placements -n demo</c> shows them, and the command to see them again.
/// </summary>
internal static class DemoPlacements
{
    public static async Task WriteAsync(IAnsiConsole console, IClusterSet set, CancellationToken cancellationToken)
    {
        var hub = set.Clusters.FirstOrDefault(c => c.Role == ClusterRole.Hub);
        if (hub is null)
        {
            return;
        }

        Subscription? subscription;
        try
        {
            subscription = await hub.Client.Resource<Subscription>().GetAsync(DemoDistribution.Namespace, DemoDistribution.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException)
        {
            return;
        }

        if (subscription is null)
        {
            return;
        }

        console.MarkupLine($"Workload distribution: the hub's Deployment {DemoDistribution.Namespace}/{DemoDistribution.Name} ({DemoDistribution.Replicas} replicas) divided across the members:");
        PlacementTable.Write(console, [new PlacementSummary(subscription)], allNamespaces: false, DateTimeOffset.UtcNow);
        var path = Path.GetRelativePath(Environment.CurrentDirectory, set.KubeconfigPath);
        var kubeconfig = path.StartsWith("..", StringComparison.Ordinal) ? set.KubeconfigPath : path;
        console.MarkupLine($"  [bold]{Markup.Escape($"kubectl tdcc placements -n {DemoDistribution.Namespace} --kubeconfig {kubeconfig}")}[/]   (kubectl-tdcc is in .tools/bin)");
    }
}
