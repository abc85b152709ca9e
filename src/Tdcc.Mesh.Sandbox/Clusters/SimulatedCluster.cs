using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Sandbox.Controllers;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// One cluster in the process: a <see cref="KubeApiServer"/> and, for a member, its nodes and the simulated
/// controllers (deployment, replicaset, statefulset, scheduler, kubelet, endpointslice) run by the controller
/// runtime against the API server through <see cref="KubeClient"/>, exactly as they would against a real one.
/// </summary>
internal sealed partial class SimulatedCluster : ISimulatedCluster
{
    /// <summary>Log bytes one container instance keeps before rotating.</summary>
    private const long MaxLogBytes = 1024 * 1024;

    /// <summary>The longest wait between SIGTERM and SIGKILL of a process pod.</summary>
    private static readonly TimeSpan MaxTerminationGrace = TimeSpan.FromSeconds(30);

    private readonly KubeApiServer _server;
    private readonly KubeClient _client;
    private readonly ServiceProvider? _controllers;
    private readonly IReadOnlyList<IHostedService> _hosted;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger;
    private Networking.TcpRelay? _secureRelay;
    private Task _heartbeats = Task.CompletedTask;
    private int _stopped;

    private SimulatedCluster(SimulatedClusterOptions options, KubeApiServer server, KubeClient client, KubeClientOptions clientOptions, ServiceProvider? controllers, ILogger logger)
    {
        ClientOptions = clientOptions;
        Options = options;
        Name = options.Name;
        Role = options.Role;
        Addresses = options.Addresses;
        Network = options.Network;
        _server = server;
        _client = client;
        _controllers = controllers;
        _hosted = controllers?.GetServices<IHostedService>().ToList() ?? [];
        _logger = logger;
    }

    /// <summary>How it was started (to start it again).</summary>
    public SimulatedClusterOptions Options { get; }

    public string Name { get; }

    public ClusterRole Role { get; }

    public AddressPlan Addresses { get; }

    public Networking.IClusterNetwork Network { get; }

    public Uri ApiServer => _server.BaseAddress;

    public Uri? SecureApiServer => _server.SecureBaseAddress;

    public string? CertificateAuthorityPem => _server.CertificateAuthorityPem;

    public IKubeClient Client => _client;

    public KubeClientOptions ClientOptions { get; }

    /// <summary>Starts the API server, registers the nodes, starts the controllers and waits until their caches are synced.</summary>
    public static async Task<SimulatedCluster> StartAsync(SimulatedClusterOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = await KubeApiServer.StartAsync(
            new KubeApiServerOptions
            {
                ClusterName = options.Name,
                Port = options.ApiServerPort,
                DataDirectory = options.DataDirectory,
                ServiceClusterIpRange = options.Addresses.ServiceCidr,
                TimeProvider = options.TimeProvider,
                ServePlainHttp = options.AdminToken is null,
                SecurePort = options.AdminToken is null ? 0 : options.ApiServerPort,
                ServingCertificateHosts = options.HostUnderlayAddress is { } underlay ? [underlay.ToString()] : [],
                Auth = options.AdminToken is null ? null : new AuthOptions { AdminToken = options.AdminToken, AnonymousAuth = true },
            },
            loggerFactory,
            cancellationToken).ConfigureAwait(false);
        var clientOptions = AdminClientOptions(server, options.AdminToken);
        var client = new KubeClient(clientOptions with { UserAgent = ClusterContext.FieldManager + "/1.0" }, loggerFactory, options.TimeProvider);
        var logger = loggerFactory.CreateLogger<SimulatedCluster>();
        if (options.Role == ClusterRole.Hub && (options.Nodes == 0 || options.Addresses.PodCidr is null))
        {
            LogStarted(logger, options.Name, server.BaseAddress, 0);
            return new SimulatedCluster(options, server, client, clientOptions, null, logger);
        }

        SimulatedCluster? cluster = null;
        Networking.TcpRelay? relay = null;
        try
        {
            // Pods reach the secure port from their network: on loopback when they share the host's, else on the host's underlay address.
            var secure = server.SecureBaseAddress!;
            var podsReach = System.Net.IPAddress.Parse(secure.Host);
            if (options.Network.NamespaceName is not null && options.HostUnderlayAddress is { } hostAddress)
            {
                relay = Networking.UnderlayRelay.Expose(hostAddress, secure, logger);
                podsReach = hostAddress;
            }

            var podsDirectory = options.PodsDirectory ?? Path.Combine(Path.GetTempPath(), "tdcc-pods-" + Guid.NewGuid().ToString("n"));

            // Processes a previous run of this cluster left behind when it died without stopping them.
            if (Workloads.ProcessRecord.ReapLeftovers(podsDirectory) is > 0 and var reaped)
            {
                LogReaped(logger, options.Name, reaped);
            }

            var runtime = new Workloads.ProcessRuntime(
                new Workloads.ProcessRuntimeSettings(
                    options.ProcessImages,
                    options.MaxProcesses,
                    podsDirectory,
                    podsReach,
                    secure.Port,
                    server.CertificateAuthorityPem,
                    MaxLogBytes,
                    MaxTerminationGrace),
                options.TimeProvider);
            server.PodLogs = runtime;
            server.PodMetrics = new Workloads.PodMetricsSource(runtime, options.TimeProvider);
            var fleet = new NodeFleet(options.Name, options.Addresses, options.Nodes, client, options.TimeProvider, loggerFactory.CreateLogger<NodeFleet>());
            await fleet.RegisterAsync(cancellationToken).ConfigureAwait(false);
            var lookup = new ServiceLookup();
            var services = new ServiceCollection()
                .AddSingleton(loggerFactory)
                .AddSingleton(options.TimeProvider)
                .AddSingleton<IKubeClient>(client)
                .AddSandboxControllers(new ClusterContext(options.Name, options.Addresses, fleet.Names, options.Network), lookup, runtime);
            var provider = services.BuildServiceProvider();
            lookup.Attach(provider.GetRequiredService<IInformerStore<Service>>());
            cluster = new SimulatedCluster(options, server, client, clientOptions, provider, logger) { _secureRelay = relay };
            foreach (var hosted in cluster._hosted)
            {
                await hosted.StartAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.WhenAll(provider.GetServices<IInformer>().Select(i => i.ReadyAsync(cancellationToken))).ConfigureAwait(false);
            cluster._heartbeats = Task.Run(() => fleet.RunHeartbeatsAsync(cluster._stopping.Token), CancellationToken.None);
            LogStarted(logger, options.Name, server.BaseAddress, options.Nodes);
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                if (relay is not null)
                {
                    await relay.DisposeAsync().ConfigureAwait(false);
                }

                client.Dispose();
                await server.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>An administrator's client options: over HTTPS trusting the cluster CA with the admin token, or plain HTTP (h2c) without authentication.</summary>
    private static KubeClientOptions AdminClientOptions(KubeApiServer server, string? adminToken) =>
        adminToken is null
            ? KubeClientOptions.ForServer(server.BaseAddress) with { Http2PriorKnowledge = true }
            : KubeClientOptions.ForServer(server.BaseAddress) with { CertificateAuthorityPem = server.CertificateAuthorityPem, BearerToken = adminToken };

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(TimeSpan.FromSeconds(5));
        foreach (var hosted in _hosted.Reverse())
        {
            try
            {
                await hosted.StopAsync(drain.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                LogStopTimedOut(_logger, Name);
            }
        }

        if (_controllers is not null)
        {
            // Disposes the kubelet, which stops every workload.
            await _controllers.DisposeAsync().ConfigureAwait(false);
        }

        if (_secureRelay is not null)
        {
            await _secureRelay.DisposeAsync().ConfigureAwait(false);
        }

        _client.Dispose();
        await _server.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        LogStopped(_logger, Name);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    [LoggerMessage(EventId = 7170, Level = LogLevel.Information, Message = "Cluster {Cluster} started: API server {ApiServer}, {Nodes} nodes")]
    private static partial void LogStarted(ILogger logger, string cluster, Uri apiServer, int nodes);

    [LoggerMessage(EventId = 7171, Level = LogLevel.Information, Message = "Cluster {Cluster} stopped")]
    private static partial void LogStopped(ILogger logger, string cluster);

    [LoggerMessage(EventId = 7176, Level = LogLevel.Warning, Message = "Cluster {Cluster}: killed {Count} processes of pods a previous run left behind")]
    private static partial void LogReaped(ILogger logger, string cluster, int count);

    [LoggerMessage(EventId = 7172, Level = LogLevel.Warning, Message = "Cluster {Cluster}: controllers did not drain in time")]
    private static partial void LogStopTimedOut(ILogger logger, string cluster);
}
