using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// <c>kubectl tdcc placements</c> for a Subscription with a Helm chart feed: the RELEASES column and the JSON's releases,
/// from a status the API server kept through the CRD's schema (the hub writes it; tested in Tdcc.Mesh.Hub.Tests).
/// </summary>
public sealed class PlacementsReleasesTests : IAsyncLifetime
{
    private KubeApiServer server = null!;
    private string kubeconfig = null!;

    public async Task InitializeAsync()
    {
        server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await new CrdInstaller(client, "tdcc-tests").InstallAsync(DistributionCrds.Hub.Select(DistributionCrds.Read));
        await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "shop" } });
        var site = await client.Resource<Subscription>().CreateAsync(JsonSerializer.Deserialize("""
            {"metadata": {"namespace": "shop", "name": "site"},
             "spec": {"feeds": [{"helmChart": {"repository": "https://charts.example.com", "chart": "web", "version": "^1.0", "releaseName": "site"}}], "subscribers": [{}]}}
            """, Subscription.JsonTypeInfo)!);
        await client.Resource<Subscription>().UpdateStatusAsync(site with
        {
            Status = JsonSerializer.Deserialize("""
                {"placements": [{"cluster": "east"}, {"cluster": "west"}], "clusterCount": 2,
                 "releases": [{"cluster": "east", "name": "site", "namespace": "shop", "chart": "web", "version": "1.2.0", "revision": 2, "status": "deployed"},
                              {"cluster": "west", "name": "site", "namespace": "shop", "chart": "web", "version": "1.2.0", "revision": 1, "status": "failed", "message": "ConfigMap shop/site-config: forbidden"}],
                 "conditions": [{"type": "Scheduled", "status": "True", "reason": "Placed", "message": "placed on 2 cluster(s)", "lastTransitionTime": "2026-12-07T03:00:00Z"}]}
                """, DistributionJsonContext.Default.SubscriptionStatus),
        });
        kubeconfig = Path.Combine(Path.GetTempPath(), $"tdcc-placements-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: hub
              cluster: {server: "{{server.BaseAddress}}"}
            users:
            - name: anonymous
              user: {}
            contexts:
            - name: hub
              context: {cluster: hub, user: anonymous}
            current-context: hub
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(kubeconfig);
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Placements_HelmFeed_ReleasesColumnAndJson()
    {
        var (exit, output) = await RunAsync("placements", "-n", "shop", "--kubeconfig", kubeconfig);

        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAME +STRATEGY +CLUSTER +REPLICAS +READY +SCHEDULED +APPLIED +RELEASES +AGE");
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^site +Replicate +east +all +- +True +- +site@1.2.0 r2 deployed +\\S+"));
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^site +Replicate +west +all +- +True +- +site@1.2.0 r1 failed +\\S+"));

        var (_, json) = await RunAsync("placements", "-n", "shop", "--kubeconfig", kubeconfig, "-o", "json");
        var releases = JsonNode.Parse(json)!["placements"]![0]!["releases"]!.AsArray();
        releases.Select(r => (r!["cluster"]!.GetValue<string>(), r["revision"]!.GetValue<int>(), r["status"]!.GetValue<string>())).Should().Equal(("east", 2, "deployed"), ("west", 1, "failed"));
        releases[1]!["message"]!.GetValue<string>().Should().Be("ConfigMap shop/site-config: forbidden");
    }

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var writer = new StringWriter();
        var console = TerminalConsole.Create(writer, redirected: true, columns: null);
        var root = new RootCommand { PlacementsCommand.Create(console) };
        var exit = await root.Parse(args).InvokeAsync();
        return (exit, writer.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
