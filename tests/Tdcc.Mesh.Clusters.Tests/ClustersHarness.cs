using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Tests;

/// <summary>A hub (auth on) and two members (auth off), each a real API server over HTTP, plus a running hub.</summary>
internal sealed class ClustersHarness : IAsyncDisposable
{
    public const string AdminToken = "hub-admin-token-for-tests";

    private readonly List<IAsyncDisposable> _owned = [];

    private ClustersHarness(KubeApiServer hub, KubeApiServer member1, KubeApiServer member2)
    {
        HubServer = hub;
        Member1Server = member1;
        Member2Server = member2;
        HubAdmin = new KubeClient(KubeClientOptions.ForServer(hub.BaseAddress) with { BearerToken = AdminToken });
        Member1 = new KubeClient(KubeClientOptions.ForServer(member1.BaseAddress));
        Member2 = new KubeClient(KubeClientOptions.ForServer(member2.BaseAddress));
    }

    public KubeApiServer HubServer { get; }

    public KubeApiServer Member1Server { get; }

    public KubeApiServer Member2Server { get; }

    public KubeClient HubAdmin { get; }

    public KubeClient Member1 { get; }

    public KubeClient Member2 { get; }

    public IClusterHub Hub { get; private set; } = null!;

    public static async Task<ClustersHarness> StartAsync(ApprovalMode approval = ApprovalMode.Automatic, TimeSpan? heartbeatTimeout = null, TimeSpan? grace = null, bool anonymous = false)
    {
        var hub = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub", Auth = new AuthOptions { AdminToken = AdminToken, AnonymousAuth = anonymous } });
        var member1 = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "member-1", KubernetesVersion = "v1.31.4" });
        var member2 = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "member-2" });
        var harness = new ClustersHarness(hub, member1, member2);
        harness.Hub = await ClusterHub.StartAsync(
            new ClusterHubOptions
            {
                HubServer = hub.BaseAddress,
                ClusterSetName = "test-set",
                Approval = approval,
                HeartbeatTimeout = heartbeatTimeout ?? TimeSpan.FromSeconds(30),
                WithdrawGracePeriod = grace ?? TimeSpan.FromSeconds(30),
                PushHeartbeatInterval = TimeSpan.FromMilliseconds(200),
            },
            harness.HubAdmin);
        return harness;
    }

    public Task<string> BootstrapTokenAsync(TimeSpan? ttl = null) => BootstrapTokens.CreateAsync(HubAdmin, ttl ?? TimeSpan.FromHours(1), TimeProvider.System);

    public ClusterAgentOptions AgentOptions(string name, string? token) => new()
    {
        ClusterName = name,
        HubServer = HubServer.BaseAddress,
        BootstrapToken = token,
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        PollInterval = TimeSpan.FromMilliseconds(100),
        ClusterLabels = ImmutableDictionary<string, string>.Empty.Add("region", "eu"),
    };

    /// <summary>An agent of <paramref name="member"/>, stopped with the harness; <paramref name="hubClientFactory"/> dials the hub (null: the agent's own clients).</summary>
    public IClusterAgent StartAgent(ClusterAgentOptions options, IKubeClient member, Func<string, IKubeClient>? hubClientFactory = null)
    {
        var agent = ClusterAgent.Start(options, member, hubClientFactory);
        _owned.Add(agent);
        return agent;
    }

    public static async Task CreateNodeAsync(IKubeClient member, string name, string cpu, string memory)
    {
        var capacity = ImmutableDictionary<string, string>.Empty.Add("cpu", cpu).Add("memory", memory).Add("pods", "110");
        var node = await member.Resource<Node>().CreateAsync(new Node { Metadata = new ObjectMeta { Name = name } });
        await member.Resource<Node>().UpdateStatusAsync(node with { Status = new NodeStatus { Capacity = capacity, Allocatable = capacity.SetItem("cpu", (int.Parse(cpu, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture)) } });
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        await Hub.DisposeAsync();
        HubAdmin.Dispose();
        Member1.Dispose();
        Member2.Dispose();
        await HubServer.DisposeAsync();
        await Member1Server.DisposeAsync();
        await Member2Server.DisposeAsync();
    }
}
