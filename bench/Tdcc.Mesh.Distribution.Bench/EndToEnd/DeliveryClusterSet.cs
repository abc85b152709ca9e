using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Hub;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Bench.EndToEnd;

/// <summary>
/// A hub and <c>M</c> members in this process, each an API server of the sandbox (<see cref="KubeApiServer"/>, in
/// memory) on loopback: the hub runs the product's <see cref="HubHost"/> (one replica, no election, as the sandbox
/// embeds it), every member the product's <see cref="AgentHost"/> (no HTTP listener, no election), which joins with a
/// bootstrap token and runs the member's delivery agent. Every member carries the label <see cref="MemberLabel"/>.
/// </summary>
internal sealed class DeliveryClusterSet : IAsyncDisposable
{
    public const string SystemNamespace = ProcessOptions.DefaultNamespace;
    public const string WorkloadNamespace = "bench";
    public const string MemberLabel = "bench.tdcc.io/delivery";
    private const int JoinConcurrency = 8;

    private readonly List<KubeApiServer> _servers = [];
    private readonly List<KubeClient> _clients = [];
    private readonly List<AgentHost> _agents = [];
    private ProcessHost? _hubHost;

    private DeliveryClusterSet(KubeApiServer hubServer, KubeClient hub)
    {
        Hub = hub;
        _servers.Add(hubServer);
        _clients.Add(hub);
    }

    public KubeClient Hub { get; }

    /// <summary>Member clients, index = member number.</summary>
    public IReadOnlyList<KubeClient> Members { get; private set; } = [];

    public static string MemberName(int index) => "member-" + index.ToString("D3", CultureInfo.InvariantCulture);

    public static async Task<DeliveryClusterSet> StartAsync(int members, TimeSpan joinTimeout, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" }, cancellationToken: cancellationToken);
        var set = new DeliveryClusterSet(hubServer, new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress)));
        try
        {
            await set.Hub.Resource<Namespace>().CreateAsync(Ns(SystemNamespace), cancellationToken: cancellationToken);
            await set.Hub.Resource<Namespace>().CreateAsync(Ns(WorkloadNamespace), cancellationToken: cancellationToken);
            set._hubHost = await HubHost.StartAsync(
                new HubOptions { XdsAddress = "127.0.0.1:0" },
                new ProcessOptions { HttpAddress = "127.0.0.1:0", LeaderElect = false },
                new ProcessEnvironment { Cluster = set.Hub, ClusterServer = hubServer.BaseAddress, OwnNamespace = SystemNamespace, LoggerFactory = NullLoggerFactory.Instance },
                cancellationToken);
            var token = await BootstrapTokens.CreateAsync(set.Hub, TimeSpan.FromHours(6), TimeProvider.System, cancellationToken);

            await progress.WriteLineAsync($"{members} members: starting their API servers and agents ({JoinConcurrency} joins at a time)");
            var clients = new KubeClient[members];
            var agents = new AgentHost?[members];
            try
            {
                await Parallel.ForAsync(0, members, new ParallelOptions { MaxDegreeOfParallelism = JoinConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
                {
                    var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = MemberName(i) }, cancellationToken: ct);
                    lock (set._servers)
                    {
                        set._servers.Add(server);
                    }

                    var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
                    clients[i] = client;
                    await client.Resource<Namespace>().CreateAsync(Ns(SystemNamespace), cancellationToken: ct);
                    await client.Resource<Namespace>().CreateAsync(Ns(WorkloadNamespace), cancellationToken: ct);
                    agents[i] = await StartAgentAsync(MemberName(i), client, server.BaseAddress, hubServer.BaseAddress, token, joinTimeout, ct);
                });
            }
            finally
            {
                set._clients.AddRange(clients.Where(c => c is not null));
                set._agents.AddRange(agents.OfType<AgentHost>());
            }

            set.Members = clients;
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }

        if (_hubHost is not null)
        {
            await _hubHost.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private static async Task<AgentHost> StartAgentAsync(string name, KubeClient member, Uri memberServer, Uri hubServer, string token, TimeSpan joinTimeout, CancellationToken cancellationToken) =>
        await AgentHost.StartAsync(
            new AgentOptions
            {
                ClusterName = name,
                ClusterId = name,
                HubServer = hubServer.ToString(),
                BootstrapToken = token,
                DnsAddress = "127.0.0.1:0",
                JoinPollInterval = TimeSpan.FromMilliseconds(250),
                ClusterLabels = ImmutableDictionary<string, string>.Empty.Add(MemberLabel, "true"),
            },
            // Embedded by the hundred, as the sandbox does: no HTTP listener and no election (one replica per member).
            new ProcessOptions { HttpAddress = string.Empty, LeaderElect = false },
            new AgentEnvironment
            {
                Process = new ProcessEnvironment
                {
                    Cluster = member,
                    ClusterServer = memberServer,
                    OwnNamespace = SystemNamespace,
                    LoggerFactory = NullLoggerFactory.Instance,
                },
            },
            joinTimeout,
            cancellationToken);

    private static Namespace Ns(string name) => new() { Metadata = new ObjectMeta { Name = name } };
}
