using System.Globalization;
using System.Net;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Agent;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// One member's agent as the sandbox runs it in process: the product's <see cref="AgentHost"/> (join or stored
/// credentials, heartbeats, the clusterset DNS server, the MCS agent), with its hub connections dialed and its DNS server
/// bound inside the member's network. Imported endpoints are the exporters' pod IPs (Flat addressing: other members
/// reach them on the loopback network or, in the routed layout, across the underlay), or, in the isolated layout, the
/// member's own east-west gateway (<see cref="MemberGateway"/>, Gateway addressing).
/// </summary>
internal sealed class MemberMesh : IAsyncDisposable
{
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromMinutes(1);

    private readonly AgentHost _agent;
    private readonly HubClients _hubClients;

    private MemberMesh(string name, AgentHost agent, HubClients hubClients)
    {
        Name = name;
        _agent = agent;
        _hubClients = hubClients;
    }

    public string Name { get; }

    public ClusterMembership Membership => _agent.Membership;

    /// <summary>Where the member's DNS server answers (UDP and TCP).</summary>
    public IPEndPoint DnsEndpoint => _agent.DnsEndpoint;

    /// <summary><see cref="DnsEndpoint"/> as <c>ip:port</c>.</summary>
    public string DnsAddress => string.Create(CultureInfo.InvariantCulture, $"{DnsEndpoint.Address}:{DnsEndpoint.Port}");

    /// <summary>
    /// Starts the member's agent. With <paramref name="gateway"/> the member runs an east-west gateway on its underlay
    /// address (the isolated layout): the agent reports that address and imports in <c>Gateway</c> addressing.
    /// </summary>
    public static async Task<MemberMesh> StartAsync(ISimulatedCluster member, Uri hubServer, string? hubCa, string? bootstrapToken, MeshTimings timings, bool gateway, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        await StartAsync(member, hubServer, hubCa, bootstrapToken, timings, gateway, behindNat: false, time, loggerFactory, cancellationToken).ConfigureAwait(false);

    /// <summary>As above; <paramref name="behindNat"/>: the agent reports no gateway address (no one can dial it), its pods still use the gateway.</summary>
    public static async Task<MemberMesh> StartAsync(ISimulatedCluster member, Uri hubServer, string? hubCa, string? bootstrapToken, MeshTimings timings, bool gateway, bool behindNat, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(timings);
        var gatewayAddress = gateway ? member.Addresses.UnderlayAddress?.ToString() : null;
        var hubClients = new HubClients(hubServer, hubCa, member.Network, loggerFactory, time);
        try
        {
            var agent = await AgentHost.StartAsync(
                new AgentOptions
                {
                    ClusterName = member.Name,
                    ClusterId = member.Name,
                    HubServer = MeshNames.StableHubAddress.ToString(),
                    BootstrapToken = bootstrapToken,
                    JoinPollInterval = TimeSpan.FromMilliseconds(250),
                    HeartbeatInterval = timings.HeartbeatInterval,
                    GatewayAddress = behindNat ? null : gatewayAddress,
                    GatewayPort = MemberGateway.TunnelPort,
                    AddressingMode = gatewayAddress is null ? EndpointAddressingMode.Flat : EndpointAddressingMode.Gateway,
                    GatewayLocalAddress = gatewayAddress,
                },
                // Embedded by the hundred: no HTTP listener and no election (one replica per member).
                new ProcessOptions { HttpAddress = string.Empty, LeaderElect = false },
                new AgentEnvironment
                {
                    Process = new ProcessEnvironment
                    {
                        Cluster = member.Client,
                        ClusterServer = member.ApiServer,
                        OwnNamespace = ProcessOptions.DefaultNamespace,
                        LoggerFactory = loggerFactory,
                        Time = time,
                    },
                    HubClientFactory = hubClients.Create,
                    DnsServerFactory = () => MemberDns.Start(member.Addresses, member.Network, loggerFactory, time),
                },
                JoinTimeout,
                cancellationToken).ConfigureAwait(false);
            return new MemberMesh(member.Name, agent, hubClients);
        }
        catch
        {
            hubClients.Dispose();
            throw;
        }
    }

    /// <summary>Stops the member's agent. The cluster stays a member (its credentials stay stored) for the next start.</summary>
    public async ValueTask DisposeAsync()
    {
        await _agent.DisposeAsync().ConfigureAwait(false);
        _hubClients.Dispose();
    }
}
