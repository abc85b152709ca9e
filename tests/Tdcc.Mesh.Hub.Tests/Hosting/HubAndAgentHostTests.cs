using System.Collections.Immutable;
using System.Net;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Hub.Tests.Support;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Hub.Tests.Hosting;

/// <summary>The product's hub and agent hosts against real API servers over HTTP, as <c>tdcc hub</c> and <c>tdcc agent</c> run them.</summary>
[Trait("Category", "Slow")]
public sealed class HubAndAgentHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private HubTestBed bed = null!;

    public async Task InitializeAsync() => bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task HubAndTwoAgents_ExportInEast_ImportedInWestServedOverXdsAndProbesAnswer()
    {
        var hubHost = await StartHubAsync("hub-0");
        using var http = new HttpClient { BaseAddress = hubHost.Addresses[0] };
        (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Eventually(async () => (await http.GetAsync(new Uri("/readyz?verbose", UriKind.Relative))).StatusCode == HttpStatusCode.OK)).Should().BeTrue("the hub's caches sync and its xDS server listens");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);

        var (east, eastClient) = await StartAgentAsync("east", token, region: "eu", zone: "eu-1");
        var (_, westClient) = await StartAgentAsync("west", token, region: "us", zone: null);
        east.Membership.HubNamespace.Should().Be("tdcc-cluster-east");
        using var agentHttp = new HttpClient { BaseAddress = east.HttpAddress };
        (await agentHttp.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the agent joined and serves DNS");

        // Locality comes from what each agent reports on its ManagedCluster.
        var eastCluster = await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "east");
        eastCluster!.Metadata.Labels.Should().Contain("topology.kubernetes.io/region", "eu").And.Contain("topology.kubernetes.io/zone", "eu-1");
        (await Eventually(async () => ConditionSet.IsTrue((await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "west"))?.Status?.Conditions, ClusterConditions.Ready)))
            .Should().BeTrue("the hub judges west's heartbeats");

        foreach (var member in new[] { eastClient, westClient })
        {
            await member.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        }

        await eastClient.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "web" },
            Spec = new ServiceSpec { Type = "ClusterIP", Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
        });
        await eastClient.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "web" } });

        (await Eventually(async () => (await westClient.Resource<ServiceImport>().GetAsync("demo", "web"))?.Spec?.Ips is { Length: > 0 }))
            .Should().BeTrue("west imports what east exports through the hub process's aggregation");
        (await Eventually(async () => (await bed.Hub.Resource<ServiceImport>().GetAsync(McsNames.DefaultImportsNamespace, "demo.web")) is not null)).Should().BeTrue();

        using var metrics = new HttpClient { BaseAddress = hubHost.Addresses[0] };
        var scrape = await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        scrape.Should().Contain("controller=\"mcs-aggregate\"", "the runtime's reconcile metrics of the hub's controllers are exported");
        HubHost.XdsAddress(hubHost).Port.Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task TwoHubReplicas_LeaderStops_StandbyTakesOverAndAMemberStillJoins()
    {
        var first = await StartHubAsync("hub-a");
        var second = await StartHubAsync("hub-b");
        (await Eventually(() => Task.FromResult(first.IsLeader ^ second.IsLeader))).Should().BeTrue("exactly one replica leads");
        var (leader, standby) = first.IsLeader ? (first, second) : (second, first);
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        await StartAgentAsync("east", token, region: null, zone: null);

        await leader.DisposeAsync();
        bed.Disown(leader);
        (await Eventually(() => Task.FromResult(standby.IsLeader))).Should().BeTrue("the standby takes the Lease over");

        // Registration runs on the new leader: a member joining now is approved and judged Ready.
        await StartAgentAsync("west", token, region: null, zone: null);
        (await Eventually(async () => ConditionSet.IsTrue((await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "west"))?.Status?.Conditions, ClusterConditions.Ready)))
            .Should().BeTrue();
        var clusters = await bed.Hub.Resource<ManagedCluster>().ListAsync();
        clusters.Items.Select(c => c.Metadata.Name).Should().BeEquivalentTo(["east", "west"], "nothing was lost or duplicated across the takeover");
    }

    private Task<ProcessHost> StartHubAsync(string identity) => bed.StartHubAsync(identity);

    private Task<(AgentHost Agent, KubeClient Member)> StartAgentAsync(string name, string token, string? region, string? zone) =>
        bed.StartAgentAsync(name, token, Timeout, options => options with
        {
            Region = region,
            Zone = zone,
            ClusterLabels = ImmutableDictionary<string, string>.Empty.Add("env", "test"),
        });

    private static async Task<bool> Eventually(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
