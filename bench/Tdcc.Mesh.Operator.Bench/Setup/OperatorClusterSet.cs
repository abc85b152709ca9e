using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Operator.Bench.Setup;

/// <summary>
/// A hub and <c>M</c> members, each an in-process API server on loopback; the real <c>tdcc hub</c> process on the hub,
/// the real <c>tdcc agent</c> process for member 0, and the product's <see cref="AgentHost"/> in this process for the
/// other members (no listener, no election, as the sandbox embeds it), so the hub sees <c>M</c> members heartbeating.
/// </summary>
internal sealed class OperatorClusterSet : IAsyncDisposable
{
    public const string SystemNamespace = "tdcc-system";
    public const string WorkloadNamespace = "bench";
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("tdcc-operator-bench-").FullName;
    private readonly List<KubeApiServer> _servers = [];
    private readonly List<KubeClient> _clients = [];
    private readonly List<AgentHost> _embedded = [];
    private int _hubHttpPort;

    private OperatorClusterSet(KubeApiServer hubServer, KubeClient hub)
    {
        HubServer = hubServer;
        Hub = hub;
        _servers.Add(hubServer);
        _clients.Add(hub);
    }

    public KubeApiServer HubServer { get; }

    public KubeClient Hub { get; }

    /// <summary>Member clients, index = member number (member 0: the agent process's cluster).</summary>
    public List<KubeClient> Members { get; } = [];

    public TdccProcess HubProcess { get; private set; } = null!;

    public TdccProcess AgentProcess { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static string MemberName(int index) => "member-" + index.ToString(CultureInfo.InvariantCulture);

    private string KubeconfigPath => Path.Combine(_directory, "kubeconfig");

    public static async Task<OperatorClusterSet> StartAsync(int members, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub" }, cancellationToken: cancellationToken);
        var set = new OperatorClusterSet(hubServer, new KubeClient(KubeClientOptions.ForServer(hubServer.BaseAddress)));
        try
        {
            await set.Hub.Resource<Namespace>().CreateAsync(Ns(SystemNamespace), cancellationToken: cancellationToken);
            var memberServers = new List<KubeApiServer>();
            for (var i = 0; i < members; i++)
            {
                var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = MemberName(i) }, cancellationToken: cancellationToken);
                set._servers.Add(server);
                memberServers.Add(server);
                var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
                set._clients.Add(client);
                set.Members.Add(client);
                await client.Resource<Namespace>().CreateAsync(Ns(SystemNamespace), cancellationToken: cancellationToken);
                if (i < 2)
                {
                    await client.Resource<Namespace>().CreateAsync(Ns(WorkloadNamespace), cancellationToken: cancellationToken);
                }
            }

            await Kubeconfig.WriteAsync(set.KubeconfigPath, [("hub", hubServer.BaseAddress), (MemberName(0), memberServers[0].BaseAddress)], cancellationToken);
            var token = await BootstrapTokens.CreateAsync(set.Hub, TimeSpan.FromHours(6), TimeProvider.System, cancellationToken);

            await progress.WriteLineAsync($"{members} members: starting the hub process");
            await set.StartHubAsync(cancellationToken);
            await set.HubProcess.WaitReadyAsync(set.Http, JoinTimeout, cancellationToken);

            await progress.WriteLineAsync($"{members} members: starting the agent process (member 0) and {members - 1} agents in process");
            var agentHttp = FreePort();
            set.AgentProcess = TdccProcess.Start(
                ["agent", "--kubeconfig", set.KubeconfigPath, "--context", MemberName(0), "--cluster-name", MemberName(0),
                    "--hub-server", hubServer.BaseAddress.ToString(), "--dns-address", "127.0.0.1:0", "--log-level", "Warning"],
                agentHttp,
                new Dictionary<string, string> { ["TDCC_BOOTSTRAP_TOKEN"] = token, ["POD_NAMESPACE"] = SystemNamespace });

            // Joins in parallel, a few at a time (each join is a registration request the hub approves).
            using var gate = new SemaphoreSlim(8);
            var joins = Enumerable.Range(1, members - 1).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    return await StartEmbeddedAsync(MemberName(i), set.Members[i], memberServers[i].BaseAddress, hubServer.BaseAddress, token, cancellationToken);
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            try
            {
                await Task.WhenAll(joins);
            }
            finally
            {
                set._embedded.AddRange(joins.Where(j => j.IsCompletedSuccessfully).Select(j => j.Result));
            }

            await set.AgentProcess.WaitReadyAsync(set.Http, JoinTimeout, cancellationToken);
            return set;
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts (again) the hub process; it prepares the hub idempotently and takes the released Lease.</summary>
    public Task StartHubAsync(CancellationToken cancellationToken)
    {
        _ = cancellationToken;
        _hubHttpPort = FreePort();
        HubProcess = TdccProcess.Start(
            ["hub", "--kubeconfig", KubeconfigPath, "--context", "hub", "--xds-address", "127.0.0.1:0", "--log-level", "Warning",
                "--lease-duration", "15s", "--renew-deadline", "10s", "--retry-period", "1s"],
            _hubHttpPort,
            new Dictionary<string, string> { ["POD_NAMESPACE"] = SystemNamespace });
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { AgentProcess, HubProcess })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        foreach (var agent in _embedded)
        {
            await agent.DisposeAsync();
        }

        foreach (var client in _clients)
        {
            client.Dispose();
        }

        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        Http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<AgentHost> StartEmbeddedAsync(string name, KubeClient member, Uri memberServer, Uri hubServer, string token, CancellationToken cancellationToken) =>
        await AgentHost.StartAsync(
            new AgentOptions
            {
                ClusterName = name,
                ClusterId = name,
                HubServer = hubServer.ToString(),
                BootstrapToken = token,
                DnsAddress = "127.0.0.1:0",
                JoinPollInterval = TimeSpan.FromMilliseconds(250),
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
            JoinTimeout,
            cancellationToken);

    private static Namespace Ns(string name) => new() { Metadata = new ObjectMeta { Name = name } };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
