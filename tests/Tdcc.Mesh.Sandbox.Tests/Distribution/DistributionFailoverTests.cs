using System.Net.Http.Headers;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Distribution;

/// <summary>
/// A member stopped (what <c>tdcc sandbox stop east</c> does, through the control endpoint): after the failover grace
/// period its replicas are rescheduled onto the other members, and divided again when it returns. Its own sandbox, since
/// stopping a member would disturb the shared one.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class DistributionFailoverTests
{
    [Fact]
    public async Task StopEast_ReplicasMoveToWestAndEdgeAfterGrace_ThenDividedAgainWhenBack()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-dist-failover-").FullName;
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = directory,
                Members = 3,
                InMemory = false,
                AddressOffset = 190,
                MeshTimings = NamespacedSandboxFixture.Timings,
            });
            var endpoints = (await SandboxHost.ReadEndpointsAsync(directory))!;
            var fixture = new DistributionClient(set);
            await fixture.CreateOnHubAsync(DistributionFixture.HeldDeployment("failover", "web", 6));
            await fixture.CreateOnHubAsync("""
                {"apiVersion": "apps.tdcc.io/v1alpha1", "kind": "Subscription", "metadata": {"namespace": "failover", "name": "web"},
                 "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "failover", "name": "web"}],
                          "subscribers": [{"labelSelector": {}}], "schedulingStrategy": "Divide", "failoverGracePeriodSeconds": 5}}
                """);
            var first = await fixture.ReadyAsync("failover", "web");
            Shares(first).Should().Equal(new Dictionary<string, int> { ["east"] = 2, ["edge"] = 2, ["west"] = 2 });

            using var http = new HttpClient { BaseAddress = new Uri(endpoints.Control!) };
            await PostAsync(http, "east", "stop", endpoints.ControlToken!);
            var moved = await Eventually.GetAsync(
                () => fixture.SubscriptionAsync("failover", "web"),
                s => Shares(s) is { } shares && shares.GetValueOrDefault("west") == 3 && shares.GetValueOrDefault("edge") == 3,
                "east's replicas rescheduled onto west and edge after the grace period",
                TimeSpan.FromSeconds(60));
            Shares(moved).Should().NotContainKey("east");
            await Eventually.TrueAsync(async () => (await fixture.MemberReplicasAsync("failover", "web", ["west", "edge"])).Values.All(r => r == 3), "west and edge run 3 each", TimeSpan.FromSeconds(60));

            await PostAsync(http, "east", "start", endpoints.ControlToken!);
            var back = await Eventually.GetAsync(
                () => fixture.SubscriptionAsync("failover", "web"),
                s => Shares(s) is { } shares && shares.GetValueOrDefault("east") == 2 && shares.GetValueOrDefault("west") == 2 && shares.GetValueOrDefault("edge") == 2,
                "divided again over the three when east is back",
                TimeSpan.FromSeconds(90));
            back.Status!.Placements!.Value.Should().OnlyContain(p => p.Evicting != true);
            await Eventually.TrueAsync(async () => (await fixture.MemberReplicasAsync("failover", "web", ["east", "west", "edge"])).Values.All(r => r == 2), "each member runs 2 again", TimeSpan.FromSeconds(60));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, int> Shares(Subscription subscription) =>
        (subscription.Status?.Placements ?? []).Where(p => p.Evicting != true).ToDictionary(p => p.Cluster!, p => p.Replicas ?? 0, StringComparer.Ordinal);

    private static async Task PostAsync(HttpClient http, string member, string verb, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/members/{member}/{verb}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }
}
