using Tdcc.Mesh.Agent;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Hub.Tests.Support;

/// <summary>
/// A hub API server (with the release namespace <c>tdcc-system</c>, as helm creates it) and what the tests start
/// against it: hub processes and member agents, each member on its own API server, all stopped in reverse order.
/// The hub's and agents' timings are short, so elections and heartbeats settle within seconds.
/// </summary>
internal sealed class HubTestBed : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    private HubTestBed(KubeApiServer hubServer, KubeClient hub)
    {
        HubServer = hubServer;
        Hub = hub;
    }

    public KubeApiServer HubServer { get; }

    public KubeClient Hub { get; }

    public static async Task<HubTestBed> StartAsync()
    {
        var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" });
        var hub = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-system" } });
        return new HubTestBed(server, hub);
    }

    /// <summary>Stops <paramref name="resource"/> with the rest, before what was started earlier.</summary>
    public T Own<T>(T resource)
        where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Takes <paramref name="resource"/> back (a test stopped it itself).</summary>
    public bool Disown(IAsyncDisposable resource) => _owned.Remove(resource);

    /// <summary>A hub process replica with election identity <paramref name="identity"/>.</summary>
    public async Task<ProcessHost> StartHubAsync(string identity)
    {
        var host = await HubHost.StartAsync(
            new HubOptions { XdsAddress = "127.0.0.1:0", HeartbeatTimeout = TimeSpan.FromSeconds(10), WithdrawGracePeriod = TimeSpan.FromSeconds(10), HelmPath = PeerTools.FindExecutable("helm") ?? "helm" },
            new ProcessOptions
            {
                HttpAddress = "127.0.0.1:0",
                LeaderElectionIdentity = identity,
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1.5),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            },
            new ProcessEnvironment { Cluster = Hub, ClusterServer = HubServer.BaseAddress, OwnNamespace = "tdcc-system" },
            CancellationToken.None);
        return Own(host);
    }

    /// <summary>
    /// Member <paramref name="name"/> on an API server of its own, and its agent joined with <paramref name="token"/>;
    /// <paramref name="customize"/> adds a test's own agent options.
    /// </summary>
    public async Task<(AgentHost Agent, KubeClient Member)> StartAgentAsync(string name, string token, TimeSpan joinTimeout, Func<AgentOptions, AgentOptions>? customize = null)
    {
        var server = Own(await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = name }));
        var member = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        var options = new AgentOptions
        {
            ClusterName = name,
            HubServer = HubServer.BaseAddress.ToString(),
            BootstrapToken = token,
            DnsAddress = "127.0.0.1:0",
            JoinPollInterval = TimeSpan.FromMilliseconds(200),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        };
        var agent = await AgentHost.StartAsync(
            customize is null ? options : customize(options),
            new ProcessOptions { HttpAddress = "127.0.0.1:0", LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromMilliseconds(200) },
            new AgentEnvironment { Process = new ProcessEnvironment { Cluster = member, ClusterServer = server.BaseAddress, OwnNamespace = "tdcc-system" } },
            joinTimeout,
            CancellationToken.None);
        return (Own(agent), member);
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        Hub.Dispose();
        await HubServer.DisposeAsync();
    }
}
