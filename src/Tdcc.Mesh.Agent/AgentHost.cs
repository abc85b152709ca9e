using System.Collections.Immutable;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Agent.Distribution;
using Tdcc.Mesh.Agent.NetworkPolicies;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Health;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Agent;

/// <summary>
/// The agent process's composition (docs/operator.md): its HTTP listener (probes, metrics) first, then the join (or the
/// stored credentials; every replica joins, the elected one heartbeats and reports locality and capacity), the clusterset DNS server, the MCS agent, whose export and
/// import controllers run on the elected replica only (as does the distribution agent, which applies the cluster's Deliveries) while every replica keeps its DNS zone current.
/// <c>tdcc agent</c> runs it; the sandbox runs the same for each simulated member.
/// </summary>
public sealed partial class AgentHost : IAsyncDisposable
{
    /// <summary>The default Lease name and the application name.</summary>
    public const string Component = "tdcc-agent";

    private readonly ProcessHost _host;
    private readonly IClusterAgent _agent;
    private readonly IClusterSetDnsServer _dns;
    private readonly IMcsAgent _mcs;
    private readonly EmbeddedControllerHost _deliveries;
    private readonly ILogger _logger;
    private List<IDisposable> _clients = [];
    private EmbeddedControllerHost? _networkPolicies;
    private int _stopped;

    private AgentHost(ProcessHost host, IClusterAgent agent, ClusterMembership membership, IClusterSetDnsServer dns, IMcsAgent mcs, EmbeddedControllerHost deliveries, ILogger logger)
    {
        _deliveries = deliveries;
        _host = host;
        _agent = agent;
        Membership = membership;
        _dns = dns;
        _mcs = mcs;
        _logger = logger;
    }

    public ClusterMembership Membership { get; }

    /// <summary>Where the clusterset DNS server answers (UDP; TCP on the same port).</summary>
    public IPEndPoint DnsEndpoint => _dns.UdpEndpoint;

    /// <summary>The HTTP listener (probes, metrics), or null without one.</summary>
    public Uri? HttpAddress => _host.Addresses.Count > 0 ? _host.Addresses[0] : null;

    /// <summary>Completes when the member left the clusterset (its ManagedCluster was deleted on the hub).</summary>
    public Task Left => _agent.Left;

    /// <summary>
    /// Starts the HTTP listener, joins (waiting up to <paramref name="joinTimeout"/>; infinite by default, with
    /// <c>/readyz</c> failing meanwhile), then starts the DNS server and the MCS agent. Throws
    /// <see cref="ClusterJoinException"/> when the hub refuses the member.
    /// </summary>
    public static async Task<AgentHost> StartAsync(AgentOptions options, ProcessOptions process, AgentEnvironment environment, TimeSpan? joinTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(environment);
        var env = environment.Process;
        var loggerFactory = env.LoggerFactory;
        var dnsEndpoint = ListenAddress.Parse(options.DnsAddress, "--dns-address");
        var hubServer = Uri.TryCreate(options.HubServer, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? parsed
            : throw new ArgumentException($"--hub-server: '{options.HubServer}' is not an http(s) URL", nameof(options));
        if (!string.IsNullOrEmpty(options.GatewayAddress) && Uri.CheckHostName(options.GatewayAddress) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"--gateway-address: '{options.GatewayAddress}' is neither an IP address nor a DNS name", nameof(options));
        }

        if (options.AddressingMode == EndpointAddressingMode.Gateway && !System.Net.IPAddress.TryParse(options.GatewayLocalAddress, out _))
        {
            throw new ArgumentException("--addressing Gateway needs --gateway-local-address, the IP address this member's pods reach the gateway at", nameof(options));
        }

        if (options.GatewayPort is < 1 or > 65535)
        {
            throw new ArgumentException($"--gateway-port: {options.GatewayPort} is not a port (1-65535)", nameof(options));
        }

        // The process's manager serves probes and metrics; the MCS agent below holds the election (its Lease is in the member).
        var builder = ProcessApplication.CreateBuilder(Component, process with { LeaderElect = false }, env);
        var joined = new ReadinessCheck("joined");
        var serving = new ReadinessCheck("dns-serving");
        builder.Services.AddSingleton<IReadinessCheck>(joined);
        builder.Services.AddSingleton<IReadinessCheck>(serving);
        if (string.IsNullOrEmpty(process.HttpAddress))
        {
            builder.WithoutListeners();
        }

        var app = builder.Build();
        app.MapProcessEndpoints();
        var host = await ProcessHost.StartAsync(app, static (_, _) => Task.CompletedTask, [], cancellationToken).ConfigureAwait(false);
        loggerFactory ??= host.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggerFactory.CreateLogger<AgentHost>();

        IClusterAgent? agent = null;
        IClusterSetDnsServer? dns = null;
        IMcsAgent? mcs = null;
        EmbeddedControllerHost? deliveries = null;
        EmbeddedControllerHost? networkPolicies = null;
        var owned = new List<IDisposable>();
        try
        {
            var labels = await LabelsAsync(options, env.Cluster, cancellationToken).ConfigureAwait(false);

            // Registration: one replica heartbeats (Lease <agent lease>-registration in the member); every replica joins.
            var registrationElection = process.LeaderElect ? process.ToLeaderElection(Component, env.OwnNamespace) : null;
            registrationElection?.LeaseName += "-registration";
            agent = ClusterAgent.Start(
                new ClusterAgentOptions
                {
                    ClusterName = options.ClusterName,
                    ClusterId = options.ClusterId,
                    HubServer = hubServer,
                    BootstrapToken = options.BootstrapToken,
                    ClusterLabels = labels,
                    PollInterval = options.JoinPollInterval,
                    HeartbeatInterval = options.HeartbeatInterval,
                    GatewayAddress = options.GatewayAddress,
                    GatewayPort = options.GatewayPort,
                    CredentialsNamespace = env.OwnNamespace,
                    LeaderElection = registrationElection,
                },
                env.Cluster,
                environment.HubClientFactory ?? HubClientFactory(hubServer, options.HubCa, options.HubCaFile, loggerFactory, env.Time, owned),
                env.Time,
                loggerFactory);
            var joining = agent.Joined;
            var membership = joinTimeout is { } timeout
                ? await joining.WaitAsync(timeout, env.Time, cancellationToken).ConfigureAwait(false)
                : await joining.WaitAsync(cancellationToken).ConfigureAwait(false);
            joined.MarkReady();

            dns = environment.DnsServerFactory?.Invoke() ?? StartDns(dnsEndpoint, loggerFactory, env.Time);
            serving.MarkReady();
            mcs = McsAgent.Create(
                new McsAgentOptions
                {
                    ClusterId = membership.ClusterId,
                    HubNamespace = membership.HubNamespace,
                    AddressingMode = options.AddressingMode,
                    GatewayAddress = options.GatewayLocalAddress,
                    GatewayPort = options.GatewayPort,
                    LeaderElection = process.LeaderElect ? process.ToLeaderElection(Component, env.OwnNamespace) : null,
                },
                env.Cluster,
                membership.Hub,
                dns,
                loggerFactory,
                env.Time);
            await mcs.StartAsync(cancellationToken).ConfigureAwait(false);

            // Workload distribution: the cluster's Deliveries applied in the member (docs/distribution.md).
            var election = process.LeaderElect ? process.ToLeaderElection(Component, env.OwnNamespace) : null;
            election?.LeaseName += "-distribution";
            deliveries = DeliveryAgent.Create(
                new DeliveryAgentOptions
                {
                    HubNamespace = membership.HubNamespace,
                    LeaderElection = election,
                },
                env.Cluster,
                membership.Hub,
                loggerFactory,
                env.Time);
            await deliveries.StartAsync(cancellationToken).ConfigureAwait(false);

            // Native NetworkPolicies rendered from the hub's MultiClusterNetworkPolicies (docs/network-policy.md).
            var policyElection = process.LeaderElect ? process.ToLeaderElection(Component, env.OwnNamespace) : null;
            policyElection?.LeaseName += "-network-policy";
            networkPolicies = NativeNetworkPolicyAgent.Create(
                new NativeNetworkPolicyOptions { ClusterName = membership.ClusterName, GatewayNamespace = env.OwnNamespace },
                env.Cluster,
                membership.Hub,
                policyElection,
                loggerFactory,
                env.Time);
            await networkPolicies.StartAsync(cancellationToken).ConfigureAwait(false);
            Log.Started(logger, options.ClusterName, membership.HubNamespace, dns.UdpEndpoint);
            return new AgentHost(host, agent, membership, dns, mcs, deliveries, logger) { _clients = owned, _networkPolicies = networkPolicies };
        }
        catch
        {
            if (networkPolicies is not null)
            {
                await networkPolicies.DisposeAsync().ConfigureAwait(false);
            }

            if (deliveries is not null)
            {
                await deliveries.DisposeAsync().ConfigureAwait(false);
            }

            if (mcs is not null)
            {
                await mcs.DisposeAsync().ConfigureAwait(false);
            }

            if (dns is not null)
            {
                await dns.DisposeAsync().ConfigureAwait(false);
            }

            if (agent is not null)
            {
                await agent.DisposeAsync().ConfigureAwait(false);
            }

            foreach (var client in owned)
            {
                client.Dispose();
            }

            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the distribution agent, the MCS agent, the DNS server, the registration agent and the listener. The member stays in the clusterset (its credentials stay stored) for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_networkPolicies is not null)
        {
            await _networkPolicies.DisposeAsync().ConfigureAwait(false);
        }

        await _deliveries.DisposeAsync().ConfigureAwait(false);
        await _mcs.DisposeAsync().ConfigureAwait(false);
        await _dns.DisposeAsync().ConfigureAwait(false);
        await _agent.DisposeAsync().ConfigureAwait(false);
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _host.DisposeAsync().ConfigureAwait(false);
        Log.Stopped(_logger, Membership.ClusterName);
    }

    /// <summary>The ManagedCluster's labels: the given ones, and the locality (given, or from the member's nodes).</summary>
    private static async Task<ImmutableDictionary<string, string>> LabelsAsync(AgentOptions options, IKubeClient member, CancellationToken cancellationToken)
    {
        var region = options.Region;
        var zone = options.Zone;
        if (region is null || zone is null)
        {
            var nodes = await member.Resource<Node>().ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            var fromNodes = NodeLocality.Of(nodes.Items);
            region ??= fromNodes.Region;
            zone ??= fromNodes.Zone;
        }

        var result = options.ClusterLabels;
        result = region is null ? result : result.SetItem(NodeLocality.RegionLabel, region);
        return zone is null ? result : result.SetItem(NodeLocality.ZoneLabel, zone);
    }

    private static Func<string, IKubeClient> HubClientFactory(Uri hub, string? caPem, string? caFile, ILoggerFactory loggerFactory, TimeProvider time, List<IDisposable> owned)
    {
        var ca = caPem ?? (caFile is null ? null : File.ReadAllText(caFile));
        return token =>
        {
            var client = new KubeClient(KubeClientOptions.ForServer(hub) with { BearerToken = token, CertificateAuthorityPem = ca }, loggerFactory, time);
            lock (owned)
            {
                owned.Add(client);
            }

            return client;
        };
    }

    private static IClusterSetDnsServer StartDns(IPEndPoint endpoint, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var advertised = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any)
            ? IPAddress.TryParse(Environment.GetEnvironmentVariable("POD_IP"), out var pod) ? pod : IPAddress.Loopback
            : endpoint.Address;
        var zone = ZoneSnapshot.Empty(new ClusterSetZoneOptions { NameServerAddresses = [advertised] });
        return ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Address = endpoint.Address, Port = endpoint.Port, UdpConcurrency = 2 }, zone, loggerFactory, timeProvider: time);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8300, Level = LogLevel.Information, Message = "Member {Cluster} joined the mesh: hub namespace {HubNamespace}, clusterset DNS {Dns}")]
        public static partial void Started(ILogger logger, string cluster, string hubNamespace, IPEndPoint dns);

        [LoggerMessage(EventId = 8301, Level = LogLevel.Information, Message = "Member {Cluster}: mesh components stopped")]
        public static partial void Stopped(ILogger logger, string cluster);
    }
}
