using System.Collections.Immutable;
using System.Net;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Hub.Tests.Hosting;

/// <summary>The product's hub and agent hosts against real API servers over HTTP, as <c>tdcc hub</c> and <c>tdcc agent</c> run them.</summary>
[Trait("Category", "Slow")]
public sealed class HubAndAgentHostTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly List<IAsyncDisposable> owned = [];
    private KubeApiServer hubServer = null!;
    private KubeClient hub = null!;

    public async Task InitializeAsync()
    {
        hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        hub = new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress));
        // The release namespace, as helm creates it; the replicas' Lease lives there.
        await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-system" } });
    }

    public async Task DisposeAsync()
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }

        hub.Dispose();
        await hubServer.DisposeAsync();
    }

    [Fact]
    public async Task HubAndTwoAgents_ExportInEast_ImportedInWestServedOverXdsAndProbesAnswer()
    {
        var hubHost = await StartHubAsync("hub-0");
        using var http = new HttpClient { BaseAddress = hubHost.Addresses[0] };
        (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Eventually(async () => (await http.GetAsync(new Uri("/readyz?verbose", UriKind.Relative))).StatusCode == HttpStatusCode.OK)).Should().BeTrue("the hub's caches sync and its xDS server listens");
        var token = await BootstrapTokens.CreateAsync(hub, TimeSpan.FromHours(1), TimeProvider.System);

        var (east, eastClient) = await StartAgentAsync("east", token, region: "eu", zone: "eu-1");
        var (_, westClient) = await StartAgentAsync("west", token, region: "us", zone: null);
        east.Membership.HubNamespace.Should().Be("tdcc-cluster-east");
        using var agentHttp = new HttpClient { BaseAddress = east.HttpAddress };
        (await agentHttp.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, "the agent joined and serves DNS");

        // Locality comes from what each agent reports on its ManagedCluster.
        var eastCluster = await hub.Resource<ManagedCluster>().GetAsync(null, "east");
        eastCluster!.Metadata.Labels.Should().Contain("topology.kubernetes.io/region", "eu").And.Contain("topology.kubernetes.io/zone", "eu-1");
        (await Eventually(async () => ConditionSet.IsTrue((await hub.Resource<ManagedCluster>().GetAsync(null, "west"))?.Status?.Conditions, ClusterConditions.Ready)))
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
        (await Eventually(async () => (await hub.Resource<ServiceImport>().GetAsync(McsNames.DefaultImportsNamespace, "demo.web")) is not null)).Should().BeTrue();

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
        var token = await BootstrapTokens.CreateAsync(hub, TimeSpan.FromHours(1), TimeProvider.System);
        await StartAgentAsync("east", token, region: null, zone: null);

        await leader.DisposeAsync();
        owned.Remove(leader);
        (await Eventually(() => Task.FromResult(standby.IsLeader))).Should().BeTrue("the standby takes the Lease over");

        // Registration runs on the new leader: a member joining now is approved and judged Ready.
        await StartAgentAsync("west", token, region: null, zone: null);
        (await Eventually(async () => ConditionSet.IsTrue((await hub.Resource<ManagedCluster>().GetAsync(null, "west"))?.Status?.Conditions, ClusterConditions.Ready)))
            .Should().BeTrue();
        var clusters = await hub.Resource<ManagedCluster>().ListAsync();
        clusters.Items.Select(c => c.Metadata.Name).Should().BeEquivalentTo(["east", "west"], "nothing was lost or duplicated across the takeover");
    }

    private async Task<ProcessHost> StartHubAsync(string identity)
    {
        var host = await HubHost.StartAsync(
            new HubOptions { XdsAddress = "127.0.0.1:0", HeartbeatTimeout = TimeSpan.FromSeconds(10), WithdrawGracePeriod = TimeSpan.FromSeconds(10) },
            new ProcessOptions
            {
                HttpAddress = "127.0.0.1:0",
                LeaderElectionIdentity = identity,
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1.5),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            },
            new ProcessEnvironment { Cluster = hub, ClusterServer = hubServer.BaseAddress, OwnNamespace = "tdcc-system" },
            CancellationToken.None);
        owned.Add(host);
        return host;
    }

    private async Task<(AgentHost Agent, KubeClient Member)> StartAgentAsync(string name, string token, string? region, string? zone)
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = name });
        owned.Add(server);
        var member = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        var agent = await AgentHost.StartAsync(
            new AgentOptions
            {
                ClusterName = name,
                HubServer = hubServer.BaseAddress.ToString(),
                BootstrapToken = token,
                DnsAddress = "127.0.0.1:0",
                Region = region,
                Zone = zone,
                JoinPollInterval = TimeSpan.FromMilliseconds(200),
                HeartbeatInterval = TimeSpan.FromSeconds(1),
                ClusterLabels = ImmutableDictionary<string, string>.Empty.Add("env", "test"),
            },
            new ProcessOptions { HttpAddress = "127.0.0.1:0", LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromMilliseconds(200) },
            new AgentEnvironment { Process = new ProcessEnvironment { Cluster = member, ClusterServer = server.BaseAddress, OwnNamespace = "tdcc-system" } },
            Timeout,
            CancellationToken.None);
        owned.Add(agent);
        return (agent, member);
    }

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
