using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Hub;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// Starts and stops the sandbox's mesh once its clusters are up, in process: the product's hub
/// (<see cref="HubHost"/>: registration with automatic approval, the MCS hub, withdrawal, the xDS server, route and
/// policy status, the mesh CA) against the hub cluster, and per member the product's agent (<see cref="MemberMesh"/>).
/// </summary>
/// <remarks>
/// The hub's API server runs without authentication, like the members': kubectl sends bearer tokens only over https
/// and the sandbox serves plain http on loopback, so with auth on kubectl could only be anonymous. The join flow is the
/// real one all the same (bootstrap token Secret, registration request, approval, per-cluster namespace, ServiceAccount
/// token stored in the member and reused at the next start); only its tokens are not checked.
/// </remarks>
internal sealed partial class ClusterSetMesh : IMeshRuntime
{
    private static readonly TimeSpan DemoTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How long a member's gateway may take to get its certificate and configuration and listen.</summary>
    private static readonly TimeSpan GatewayStartTimeout = TimeSpan.FromMinutes(2);

    private readonly ProcessHost _hubHost;
    private readonly MemberMesh?[] _members;
    private readonly ISimulatedCluster[] _memberClusters;
    private readonly ISimulatedCluster _hub;
    private readonly Uri _hubForMembers;
    private readonly string? _hubCa;
    private readonly MeshTimings _timings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private bool _gateways;
    private string[] _behindNat = [];
    private IReadOnlyList<TcpRelay> _relays = [];
    private int _stopped;

    private ClusterSetMesh(ProcessHost hubHost, IReadOnlyList<MemberMesh> members, IReadOnlyList<ISimulatedCluster> memberClusters, ISimulatedCluster hub, Uri hubForMembers, MeshTimings timings, TimeProvider time, ILoggerFactory loggerFactory, ILogger logger)
    {
        _hubHost = hubHost;
        _hub = hub;
        _hubForMembers = hubForMembers;
        _hubCa = hub.ClientOptions.CertificateAuthorityPem;
        _timings = timings;
        _loggerFactory = loggerFactory;
        _members = [.. members];
        _memberClusters = [.. memberClusters];
        _time = time;
        _logger = logger;
    }

    public IReadOnlyDictionary<string, string> Dns => _members.OfType<MemberMesh>().ToImmutableDictionary(m => m.Name, m => m.DnsAddress, StringComparer.Ordinal);

    public IReadOnlyDictionary<string, Uri> Gateways => !_gateways
        ? ImmutableDictionary<string, Uri>.Empty
        : _memberClusters.Where(c => c.Addresses.UnderlayAddress is not null).ToImmutableDictionary(c => c.Name, c => MemberGateway.HttpEndpoint(c.Addresses.UnderlayAddress!), StringComparer.Ordinal);

    public Uri Xds => HubHost.XdsAddress(_hubHost);

    /// <summary>The in-process hub's HTTP listener on loopback (probes and <c>/metrics</c>; what a Prometheus scrapes).</summary>
    public Uri HubHttp => _hubHost.Addresses[0];

    /// <summary>The xDS server as members reach it from their own networks (the host's underlay address), or null in the loopback layout.</summary>
    public Uri? XdsForMembers { get; private init; }

    /// <summary>The members' mesh components, in member order.</summary>
    public IReadOnlyList<MemberMesh> Members => [.. _members.OfType<MemberMesh>()];

    /// <param name="clusters">The hub and the members.</param>
    /// <param name="network">The members' networks, or null in the loopback layout; with them, the hub's API server and the xDS server are also served on the host's underlay address, which members dial from their own networks.</param>
    /// <param name="timings">Heartbeat and withdrawal timings.</param>
    /// <param name="xdsPort">The xDS server listens on 127.0.0.1 at this port (0: a free port).</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggerFactory">Where logs go.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<ClusterSetMesh> StartAsync(IReadOnlyList<ISimulatedCluster> clusters, SandboxNetwork? network, MeshTimings timings, int xdsPort, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken) =>
        await StartAsync(clusters, network, timings, xdsPort, [], null, time, loggerFactory, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// As above; the gateways of <paramref name="behindNat"/> report no address and dial reverse tunnels, and the hub
    /// renders Helm chart feeds with <paramref name="helmPath"/> (null: helm on PATH).
    /// </summary>
    public static async Task<ClusterSetMesh> StartAsync(IReadOnlyList<ISimulatedCluster> clusters, SandboxNetwork? network, MeshTimings timings, int xdsPort, IReadOnlyCollection<string> behindNat, string? helmPath, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(timings);
        var logger = loggerFactory.CreateLogger<ClusterSetMesh>();
        var hub = clusters.Single(c => c.Role == ClusterRole.Hub);
        var members = clusters.Where(c => c.Role == ClusterRole.Member).ToList();
        ProcessHost? hubHost = null;
        var memberMeshes = new MemberMesh?[members.Count];
        var relays = new List<TcpRelay>();
        try
        {
            var hubForMembers = hub.ApiServer;
            if (network is not null)
            {
                relays.Add(UnderlayRelay.Expose(network.Names.HostAddress, hub.ApiServer, logger));
                hubForMembers = UnderlayRelay.On(network.Names.HostAddress, hub.ApiServer);
            }

            hubHost = await HubHost.StartAsync(
                new HubOptions
                {
                    XdsAddress = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{xdsPort}"),
                    ClusterSetName = MeshNames.ClusterSetName,
                    HeartbeatTimeout = timings.HeartbeatTimeout,
                    WithdrawGracePeriod = timings.WithdrawGracePeriod,
                    HelmPath = helmPath ?? new HubOptions().HelmPath,
                },
                // One replica, embedded: no election; probes and metrics on a loopback port of its own.
                new ProcessOptions { HttpAddress = "127.0.0.1:0", LeaderElect = false },
                new ProcessEnvironment { Cluster = hub.Client, ClusterServer = hub.ApiServer, OwnNamespace = ProcessOptions.DefaultNamespace, LoggerFactory = loggerFactory, Time = time },
                cancellationToken).ConfigureAwait(false);

            var token = await MeshBootstrap.TokenIfNeededAsync(hub, members, MeshNames.StableHubAddress, time, cancellationToken).ConfigureAwait(false);
            var gateways = network?.Mode == NetworkMode.Isolated;
            await Parallel.ForAsync(0, members.Count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
                memberMeshes[i] = await MemberMesh.StartAsync(members[i], hubForMembers, hub.ClientOptions.CertificateAuthorityPem, token, timings, gateways, behindNat.Contains(members[i].Name), time, loggerFactory, ct).ConfigureAwait(false)).ConfigureAwait(false);

            var xds = HubHost.XdsAddress(hubHost);
            Uri? xdsForMembers = null;
            if (network is not null)
            {
                relays.Add(UnderlayRelay.Expose(network.Names.HostAddress, xds, logger));
                xdsForMembers = UnderlayRelay.On(network.Names.HostAddress, xds);
            }

            if (gateways)
            {
                // Where members cannot reach each other's pods, every byte between them goes through their gateways.
                await Parallel.ForEachAsync(members, cancellationToken, async (member, ct) =>
                {
                    await MemberGateway.DeployAsync(member.Client, member.Name, hubForMembers, hub.ClientOptions.CertificateAuthorityPem, xdsForMembers!, behindNat.Contains(member.Name), ct).ConfigureAwait(false);
                    await MemberGateway.WaitReadyAsync(member.Client, member.Name, GatewayStartTimeout, time, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            LogStarted(logger, members.Count, xds);
            return new ClusterSetMesh(hubHost, [.. memberMeshes.Select(m => m!)], members, hub, hubForMembers, timings, time, loggerFactory, logger) { XdsForMembers = xdsForMembers, _relays = relays, _gateways = gateways, _behindNat = [.. behindNat] };
        }
        catch
        {
            await StopAllAsync(hubHost, memberMeshes).ConfigureAwait(false);
            foreach (var relay in relays)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>
    /// Exports <c>demo/echo</c> from the first member and waits until every member has the ServiceImport with an IP
    /// (the exporter imports it too).
    /// </summary>
    public async Task ExportDemoAsync(CancellationToken cancellationToken)
    {
        await MeshBootstrap.ExportDemoAsync(_memberClusters, DemoTimeout, _time, cancellationToken).ConfigureAwait(false);
        if (_memberClusters.Length > 0)
        {
            LogDemoExported(_logger, _memberClusters[0].Name, _memberClusters.Length);
        }
    }

    /// <summary>Stops member <paramref name="name"/>'s mesh components (its agents stop heartbeating, its DNS server closes); the hub notices as it would a lost cluster.</summary>
    public async Task StopMemberAsync(string name)
    {
        var index = IndexOf(name);
        var member = Interlocked.Exchange(ref _members[index], null);
        if (member is not null)
        {
            await member.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Starts the mesh components of a member cluster started again (<paramref name="cluster"/> replaces the stopped one); it rejoins with its stored credentials, or with a new bootstrap token when it lost them.</summary>
    public async Task StartMemberAsync(ISimulatedCluster cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var index = IndexOf(cluster.Name);
        if (Volatile.Read(ref _members[index]) is not null)
        {
            throw new InvalidOperationException($"the mesh of member {cluster.Name} runs already");
        }

        _memberClusters[index] = cluster;
        var token = await MeshBootstrap.TokenIfNeededAsync(_hub, [cluster], MeshNames.StableHubAddress, _time, cancellationToken).ConfigureAwait(false);
        _members[index] = await MemberMesh.StartAsync(cluster, _hubForMembers, _hubCa, token, _timings, _gateways, _behindNat.Contains(cluster.Name), _time, _loggerFactory, cancellationToken).ConfigureAwait(false);
    }

    private int IndexOf(string name) =>
        Array.FindIndex(_memberClusters, c => c.Name == name) is >= 0 and var i ? i : throw new ArgumentException($"'{name}' is not a member of the sandbox", nameof(name));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await StopAllAsync(_hubHost, _members).ConfigureAwait(false);
        foreach (var relay in _relays)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }

        LogStopped(_logger);
    }

    private static async Task StopAllAsync(ProcessHost? hubHost, IEnumerable<MemberMesh?> members)
    {
        await Parallel.ForEachAsync(members.OfType<MemberMesh>(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (member, _) =>
            await member.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        if (hubHost is not null)
        {
            await hubHost.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 320, Level = LogLevel.Information, Message = "Mesh started: {Members} members joined, xDS at {Xds}")]
    private static partial void LogStarted(ILogger logger, int members, Uri xds);

    [LoggerMessage(EventId = 321, Level = LogLevel.Information, Message = "demo/echo exported from {Exporter} and imported in all {Members} members")]
    private static partial void LogDemoExported(ILogger logger, string exporter, int members);

    [LoggerMessage(EventId = 322, Level = LogLevel.Information, Message = "Mesh stopped")]
    private static partial void LogStopped(ILogger logger);
}
