using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Cli.Commands;
using Tdcc.Mesh.Cli.Output;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Crds;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>kubectl tdcc placements</c> against an API server serving the distribution CRDs, with Subscriptions whose status
/// the hub would write (the hub's reconciler is tested in Tdcc.Mesh.Hub.Tests).
/// </summary>
public sealed class PlacementsCommandTests : IAsyncLifetime
{
    private KubeApiServer server = null!;
    private string kubeconfig = null!;

    public async Task InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-tests").InstallAsync(DistributionCrds.Hub.Select(DistributionCrds.Read));
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        var web = await client.Resource<Subscription>().CreateAsync(Parse("""
            {"metadata": {"namespace": "shop", "name": "web"}, "spec": {"schedulingStrategy": "Divide", "feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}], "subscribers": [{}]}}
            """));
        await client.Resource<Subscription>().UpdateStatusAsync(web with
        {
            Status = JsonSerializer.Deserialize("""
                {"placements": [{"cluster": "east", "replicas": 2, "readyReplicas": 2}, {"cluster": "west", "replicas": 4, "readyReplicas": 3}],
                 "filteredClusters": [{"cluster": "dev", "filter": "Subscribers", "reason": "cluster labels do not match env=prod"}],
                 "replicas": 6, "clusterCount": 2,
                 "conditions": [{"type": "Scheduled", "status": "True", "reason": "Placed", "message": "placed on 2 cluster(s)", "lastTransitionTime": "2026-12-07T03:00:00Z"},
                                {"type": "Applied", "status": "False", "reason": "Pending", "message": "waiting for west", "lastTransitionTime": "2026-12-07T03:00:00Z"}]}
                """, DistributionJsonContext.Default.SubscriptionStatus),
        });
        await client.Resource<Subscription>().CreateAsync(Parse("""{"metadata": {"namespace": "shop", "name": "nowhere"}, "spec": {"feeds": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "c"}], "subscribers": [{"clusterNames": ["gone"]}]}}"""));
        kubeconfig = Path.Combine(Path.GetTempPath(), $"tdcc-placements-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: hub
              cluster: {"{"}server: "{server.BaseAddress}"{"}"}
            users:
            - name: anonymous
              user: {"{"}{"}"}
            contexts:
            - name: hub
              context: {"{"}cluster: hub, user: anonymous{"}"}
            current-context: hub
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(kubeconfig);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Placements_Table_RowPerClusterWithReplicasReadyAndConditions()
    {
        var (exit, output) = await RunAsync("placements", "-n", "shop", "--kubeconfig", kubeconfig);

        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAME +STRATEGY +CLUSTER +REPLICAS +READY +SCHEDULED +APPLIED +AGE");
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^web +Divide/Static +east +2 +2 +True +False \\(Pending\\) +\\S+"));
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^web +Divide/Static +west +4 +3 +True +False \\(Pending\\) +\\S+"));
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^nowhere +Replicate +<none> +- +- +- +- +\\S+"));
    }

    [Fact]
    public async Task Placements_OutputYaml_SameFactsAsJson()
    {
        var (_, json) = await RunAsync("placements", "-A", "--kubeconfig", kubeconfig, "-o", "json");
        var (exit, yaml) = await RunAsync("placements", "-A", "--kubeconfig", kubeconfig, "-o", "yaml");

        exit.Should().Be(0, yaml);
        var fromYaml = YamlToJson.ConvertObject(yaml);
        JsonNode.DeepEquals(fromYaml, JsonNode.Parse(json)).Should().BeTrue(yaml);
        var web = fromYaml["placements"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "web")!;
        web["replicas"]!.GetValue<long>().Should().Be(6);
        web["placements"]!.AsArray().Select(p => (p!["cluster"]!.GetValue<string>(), p["readyReplicas"]!.GetValue<long>())).Should().Equal(("east", 2L), ("west", 3L));
        web["filteredClusters"]![0]!["reason"]!.GetValue<string>().Should().Be("cluster labels do not match env=prod");
    }

    private static Subscription Parse(string json) => JsonSerializer.Deserialize(json, Subscription.JsonTypeInfo)!;

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);
        var root = new RootCommand { PlacementsCommand.Create(console) };
        var exit = await root.Parse(args).InvokeAsync();
        return (exit, writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
