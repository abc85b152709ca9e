using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>kubectl tdcc placements</c> against an API server serving the distribution CRDs, with Subscriptions whose status
/// the hub would write (the hub's reconciler is tested in Tdcc.Mesh.Hub.Tests).
/// </summary>
public sealed class PlacementsCommandTests : IAsyncLifetime
{
    private PlacementsApiServer hub = null!;

    public async Task InitializeAsync()
    {
        hub = await PlacementsApiServer.StartAsync();
        await hub.CreateAsync("""
            {"metadata": {"namespace": "shop", "name": "web"}, "spec": {"schedulingStrategy": "Divide", "feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "shop", "name": "web"}], "subscribers": [{}]}}
            """,
            """
                {"placements": [{"cluster": "east", "replicas": 2, "readyReplicas": 2}, {"cluster": "west", "replicas": 4, "readyReplicas": 3}],
                 "filteredClusters": [{"cluster": "dev", "filter": "Subscribers", "reason": "cluster labels do not match env=prod"}],
                 "replicas": 6, "clusterCount": 2,
                 "conditions": [{"type": "Scheduled", "status": "True", "reason": "Placed", "message": "placed on 2 cluster(s)", "lastTransitionTime": "2026-12-07T03:00:00Z"},
                                {"type": "Applied", "status": "False", "reason": "Pending", "message": "waiting for west", "lastTransitionTime": "2026-12-07T03:00:00Z"}]}
            """);
        await hub.CreateAsync("""{"metadata": {"namespace": "shop", "name": "nowhere"}, "spec": {"feeds": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "c"}], "subscribers": [{"clusterNames": ["gone"]}]}}""");
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();

    [Fact]
    public async Task Placements_Table_RowPerClusterWithReplicasReadyAndConditions()
    {
        var (exit, output) = await hub.PlacementsAsync("-n", "shop");

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
        var (_, json) = await hub.PlacementsAsync("-A", "-o", "json");
        var (exit, yaml) = await hub.PlacementsAsync("-A", "-o", "yaml");

        exit.Should().Be(0, yaml);
        var fromYaml = YamlToJson.ConvertObject(yaml);
        JsonNode.DeepEquals(fromYaml, JsonNode.Parse(json)).Should().BeTrue(yaml);
        var web = fromYaml["placements"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "web")!;
        web["replicas"]!.GetValue<long>().Should().Be(6);
        web["placements"]!.AsArray().Select(p => (p!["cluster"]!.GetValue<string>(), p["readyReplicas"]!.GetValue<long>())).Should().Equal(("east", 2L), ("west", 3L));
        web["filteredClusters"]![0]!["reason"]!.GetValue<string>().Should().Be("cluster labels do not match env=prod");
    }
}
