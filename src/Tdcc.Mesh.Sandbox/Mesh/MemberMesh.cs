using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The mesh components of one member: its registration agent (pull mode; joins with the bootstrap token, or reuses the
/// credentials stored in the member by an earlier run), its clusterset DNS server and its MCS agent (Flat addressing:
/// imported endpoints are the exporters' pod IPs, which other members reach on the loopback network or, in routed mode,
/// across the underlay). The agents' hub connections and the DNS server live in the member's network.
/// </summary>
internal sealed partial class MemberMesh : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(1);

    private readonly IClusterAgent _agent;
    private readonly IClusterSetDnsServer _dns;
    private readonly IMcsAgent _mcs;
    private readonly HubClients _hubClients;
    private readonly ILogger _logger;
    private int _stopped;

    private MemberMesh(string name, ClusterMembership membership, IClusterAgent agent, IClusterSetDnsServer dns, IMcsAgent mcs, HubClients hubClients, ILogger logger)
    {
        _hubClients = hubClients;
        Name = name;
        Membership = membership;
        _agent = agent;
        _dns = dns;
        _mcs = mcs;
        _logger = logger;
    }

    public string Name { get; }

    public ClusterMembership Membership { get; }

    /// <summary>Where the member's DNS server answers (UDP and TCP).</summary>
    public IPEndPoint DnsEndpoint => _dns.UdpEndpoint;

    /// <summary><see cref="DnsEndpoint"/> as <c>ip:port</c>.</summary>
    public string DnsAddress => string.Create(CultureInfo.InvariantCulture, $"{_dns.UdpEndpoint.Address}:{_dns.UdpEndpoint.Port}");

    public static async Task<MemberMesh> StartAsync(ISimulatedCluster member, Uri hubServer, string? bootstrapToken, MeshTimings timings, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        var logger = loggerFactory.CreateLogger<MemberMesh>();
        var hubClients = new HubClients(hubServer, member.Network, loggerFactory, time);
        var agent = ClusterAgent.Start(
            new ClusterAgentOptions
            {
                ClusterName = member.Name,
                ClusterId = member.Name,
                Member = member.Client,
                HubServer = MeshNames.StableHubAddress,
                HubClientFactory = hubClients.Create,
                BootstrapToken = bootstrapToken,
                ClusterLabels = ImmutableDictionary<string, string>.Empty.Add(ClusterLocalities.RegionLabel, member.Name),
                PollInterval = TimeSpan.FromMilliseconds(250),
                HeartbeatInterval = timings.HeartbeatInterval,
                TimeProvider = time,
            },
            loggerFactory);
        IClusterSetDnsServer? dns = null;
        IMcsAgent? mcs = null;
        try
        {
            var membership = await agent.Joined.WaitAsync(JoinTimeout, time, cancellationToken).ConfigureAwait(false);
            dns = MemberDns.Start(member.Addresses, member.Network, loggerFactory, time);
            mcs = McsAgent.Create(
                new McsAgentOptions { ClusterId = membership.ClusterId, HubNamespace = membership.HubNamespace, AddressingMode = EndpointAddressingMode.Flat },
                member.Client,
                membership.Hub,
                dns,
                loggerFactory,
                time);
            await mcs.StartAsync(cancellationToken).ConfigureAwait(false);
            var mesh = new MemberMesh(member.Name, membership, agent, dns, mcs, hubClients, logger);
            LogStarted(logger, member.Name, membership.HubNamespace, mesh.DnsAddress);
            return mesh;
        }
        catch
        {
            if (mcs is not null)
            {
                await mcs.DisposeAsync().ConfigureAwait(false);
            }

            if (dns is not null)
            {
                await dns.DisposeAsync().ConfigureAwait(false);
            }

            await agent.DisposeAsync().ConfigureAwait(false);
            hubClients.Dispose();
            throw;
        }
    }

    /// <summary>Stops the MCS agent, the DNS server and the registration agent. The cluster stays a member (its credentials stay stored) for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _mcs.DisposeAsync().ConfigureAwait(false);
        await _dns.DisposeAsync().ConfigureAwait(false);
        await _agent.DisposeAsync().ConfigureAwait(false);
        _hubClients.Dispose();
        LogStopped(_logger, Name);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information, Message = "Member {Cluster} joined the mesh: hub namespace {HubNamespace}, clusterset DNS {Dns}")]
    private static partial void LogStarted(ILogger logger, string cluster, string hubNamespace, string dns);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "Member {Cluster}: mesh components stopped")]
    private static partial void LogStopped(ILogger logger, string cluster);
}
