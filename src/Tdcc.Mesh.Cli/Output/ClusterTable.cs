using System.Globalization;
using Spectre.Console;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Output;

/// <summary>The summary <c>tdcc sandbox up</c> prints once the sandbox is ready.</summary>
internal static class ClusterTable
{
    private const int MaxRows = 12;

    public static void Write(IAnsiConsole console, IClusterSet set, TimeSpan elapsed, bool demo)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Cluster", "Role", "API server", "Pods", "Services", "DNS");
        foreach (var cluster in set.Clusters.Take(MaxRows))
        {
            table.AddRow(
                Markup.Escape(cluster.Name),
                cluster.Role == ClusterRole.Hub ? "hub" : "member",
                Markup.Escape(cluster.ApiServer.GetLeftPart(UriPartial.Authority)),
                Markup.Escape(cluster.Addresses.PodCidr ?? "-"),
                Markup.Escape(cluster.Addresses.ServiceCidr),
                Markup.Escape(set.Mesh?.Dns.GetValueOrDefault(cluster.Name) ?? "-"));
        }

        if (set.Clusters.Count > MaxRows)
        {
            table.AddRow($"… {set.Clusters.Count - MaxRows} more", string.Empty, $"see {Markup.Escape(set.EndpointsPath)}", string.Empty, string.Empty, string.Empty);
        }

        console.Write(table);
        var firstMember = set.Clusters.FirstOrDefault(c => c.Role == ClusterRole.Member)?.Name ?? "hub";
        var kubeconfig = RelativeOrFull(set.KubeconfigPath);
        console.MarkupLine($"[green]Sandbox ready[/] in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s: {set.Clusters.Count} clusters.");
        console.MarkupLine($"Kubeconfig: [blue]{Markup.Escape(kubeconfig)}[/] (contexts {Markup.Escape(string.Join(", ", set.Clusters.Take(4).Select(c => c.Name)))}{(set.Clusters.Count > 4 ? ", ..." : string.Empty)}; current: hub)");
        console.MarkupLine($"Endpoints:  [blue]{Markup.Escape(RelativeOrFull(set.EndpointsPath))}[/]");
        if (set.Mesh is { } mesh)
        {
            console.MarkupLine($"xDS:        [blue]{Markup.Escape(mesh.Xds.GetLeftPart(UriPartial.Authority))}[/] (ADS over h2c; node.cluster = the member name)");
        }
        console.MarkupLine("Try:");
        console.MarkupLine($"  [bold]kubectl --kubeconfig {Markup.Escape(kubeconfig)} --context {Markup.Escape(firstMember)} get pods -A -o wide[/]");
        if (demo)
        {
            // In the namespace layouts a member's pods and DNS are reached from inside that member's network.
            var namespaced = set.Network is not null;
            var dirFlag = Path.GetFullPath(set.Directory) == Path.GetFullPath(".sandbox") ? string.Empty : $" --dir {RelativeOrFull(set.Directory)}";
            string From(string member) => namespaced ? $"tdcc sandbox exec {member}{dirFlag} -- " : string.Empty;
            var importer = set.Clusters.Where(c => c.Role == ClusterRole.Member).Skip(1).FirstOrDefault()?.Name ?? firstMember;
            var curl = $"{From(firstMember)}curl http://$(kubectl --kubeconfig {kubeconfig} --context {firstMember} -n demo get pods -o jsonpath='{{.items[0].status.podIP}}'):8080/";
            console.MarkupLine($"  [bold]{Markup.Escape(curl)}[/]");
            if (set.Mesh is { } demoMesh)
            {
                var clusterSetIp = $"$(kubectl --kubeconfig {kubeconfig} --context {importer} -n demo get serviceimport echo -o jsonpath='{{.spec.ips[0]}}')";
                var through = demoMesh.Gateways.Count > 0 ? $"   # {importer}'s gateway -> mTLS tunnel -> {firstMember}'s gateway" : string.Empty;
                console.MarkupLine($"  [bold]{Markup.Escape($"{From(importer)}curl http://{clusterSetIp}:8080/")}[/]{Markup.Escape(through)}");
                if (demoMesh.Dns.GetValueOrDefault(importer) is { } dns)
                {
                    var separator = dns.LastIndexOf(':');
                    console.MarkupLine($"  [bold]{Markup.Escape($"{From(importer)}dig @{dns[..separator]} -p {dns[(separator + 1)..]} echo.demo.svc.clusterset.local")}[/]");
                }

                if (demoMesh.Gateways.Count > 0)
                {
                    console.MarkupLine($"  [bold]{Markup.Escape($"tdcc gateway status --cluster {importer}{dirFlag}")}[/]");
                }

                console.MarkupLine($"  [bold]{Markup.Escape($"kubectl --kubeconfig {kubeconfig} --context {importer} get serviceimports -n demo")}[/]");
                console.MarkupLine($"  routing rules and traffic policies over xDS: [bold]{Markup.Escape($"tdcc xds bootstrap --cluster {importer}")}[/] and docs/examples (docs/sandbox.md)");
            }
        }
    }

    private static string RelativeOrFull(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
