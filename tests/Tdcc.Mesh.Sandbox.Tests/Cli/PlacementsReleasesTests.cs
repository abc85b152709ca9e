using System.Text.Json.Nodes;

namespace Tdcc.Mesh.Sandbox.Tests.Cli;

/// <summary>
/// <c>kubectl tdcc placements</c> for a Subscription with a Helm chart feed: the RELEASES column and the JSON's releases,
/// from a status the API server kept through the CRD's schema (the hub writes it; tested in Tdcc.Mesh.Hub.Tests).
/// </summary>
public sealed class PlacementsReleasesTests : IAsyncLifetime
{
    private PlacementsApiServer hub = null!;

    public async Task InitializeAsync()
    {
        hub = await PlacementsApiServer.StartAsync();
        await hub.CreateAsync("""
            {"metadata": {"namespace": "shop", "name": "site"},
             "spec": {"feeds": [{"helmChart": {"repository": "https://charts.example.com", "chart": "web", "version": "^1.0", "releaseName": "site"}}], "subscribers": [{}]}}
            """,
            """
                {"placements": [{"cluster": "east"}, {"cluster": "west"}], "clusterCount": 2,
                 "releases": [{"cluster": "east", "name": "site", "namespace": "shop", "chart": "web", "version": "1.2.0", "revision": 2, "status": "deployed"},
                              {"cluster": "west", "name": "site", "namespace": "shop", "chart": "web", "version": "1.2.0", "revision": 1, "status": "failed", "message": "ConfigMap shop/site-config: forbidden"}],
                 "conditions": [{"type": "Scheduled", "status": "True", "reason": "Placed", "message": "placed on 2 cluster(s)", "lastTransitionTime": "2026-12-07T03:00:00Z"}]}
            """);
    }

    public async Task DisposeAsync() => await hub.DisposeAsync();

    [Fact]
    public async Task Placements_HelmFeed_ReleasesColumnAndJson()
    {
        var (exit, output) = await hub.PlacementsAsync("-n", "shop");

        exit.Should().Be(0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().MatchRegex("^NAME +STRATEGY +CLUSTER +REPLICAS +READY +SCHEDULED +APPLIED +RELEASES +AGE");
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^site +Replicate +east +all +- +True +- +site@1.2.0 r2 deployed +\\S+"));
        lines.Should().ContainSingle(l => System.Text.RegularExpressions.Regex.IsMatch(l, "^site +Replicate +west +all +- +True +- +site@1.2.0 r1 failed +\\S+"));

        var (_, json) = await hub.PlacementsAsync("-n", "shop", "-o", "json");
        var releases = JsonNode.Parse(json)!["placements"]![0]!["releases"]!.AsArray();
        releases.Select(r => (r!["cluster"]!.GetValue<string>(), r["revision"]!.GetValue<int>(), r["status"]!.GetValue<string>())).Should().Equal(("east", 2, "deployed"), ("west", 1, "failed"));
        releases[1]!["message"]!.GetValue<string>().Should().Be("ConfigMap shop/site-config: forbidden");
    }
}
