using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The mesh installed as a platform team installs it on real clusters (docs/install.md): <c>helm upgrade --install</c>
/// of <c>charts/tdcc-mesh</c> with hub values into the hub, then, with a bootstrap token made on the hub, with agent
/// values into every member. The sandbox's kubelets run the chart's pods as real <c>tdcc hub</c> and <c>tdcc agent</c>
/// processes; nothing of the mesh runs in the sandbox process itself except the relays a routed layout needs.
/// </summary>
internal sealed partial class HelmMesh : IMeshRuntime
{
    public const string Namespace = ProcessOptions.DefaultNamespace;
    public const string HubRelease = "tdcc-hub";
    public const string AgentRelease = "tdcc-agent";
    private const int XdsPort = 15010;
    private const int DnsPort = 5353;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan DemoTimeout = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyList<ISimulatedCluster> _members;
    private readonly IReadOnlyList<TcpRelay> _relays;
    private readonly TimeProvider _time;
    private int _stopped;

    private HelmMesh(IReadOnlyList<ISimulatedCluster> members, IReadOnlyDictionary<string, string> dns, IReadOnlyDictionary<string, Uri> gateways, Uri xds, Uri? xdsForMembers, IReadOnlyList<TcpRelay> relays, TimeProvider time)
    {
        _members = members;
        Dns = dns;
        Gateways = gateways;
        Xds = xds;
        XdsForMembers = xdsForMembers;
        _relays = relays;
        _time = time;
    }

    public IReadOnlyDictionary<string, string> Dns { get; }

    public IReadOnlyDictionary<string, Uri> Gateways { get; }

    public Uri Xds { get; }

    public Uri? XdsForMembers { get; }

    /// <summary>Installs (or upgrades) the hub and the agents with helm and waits until every member joined.</summary>
    public static async Task<HelmMesh> StartAsync(IReadOnlyList<ISimulatedCluster> clusters, SandboxNetwork? network, HelmMeshSettings settings, TimeProvider time, ILoggerFactory loggerFactory, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(settings);
        var logger = loggerFactory.CreateLogger<HelmMesh>();
        var hub = clusters.Single(c => c.Role == ClusterRole.Hub);
        var members = clusters.Where(c => c.Role == ClusterRole.Member).ToList();
        var helm = new HelmCli(settings.HelmPath, settings.KubeconfigPath);
        var relays = new List<TcpRelay>();
        try
        {
            var hubForMembers = hub.ApiServer;
            if (network is not null)
            {
                relays.Add(UnderlayRelay.Expose(network.Names.HostAddress, hub.ApiServer, logger));
                hubForMembers = UnderlayRelay.On(network.Names.HostAddress, hub.ApiServer);
            }

            progress?.Report($"helm install {HubRelease} (mode=hub, {settings.HubReplicas} replicas) into hub");
            await helm.UpgradeInstallAsync("hub", HubRelease, settings.ChartDirectory, Namespace,
                [
                    "mode=hub",
                    Value("hub.replicas", settings.HubReplicas),
                    "logFormat=text",
                    $"extraArgs={{--heartbeat-timeout={Duration(settings.Timings.HeartbeatTimeout)},--withdraw-grace-period={Duration(settings.Timings.WithdrawGracePeriod)},--helm-path={Path.GetFullPath(settings.HelmPath)}}}",
                ],
                cancellationToken).ConfigureAwait(false);
            var hubPods = await WaitReadyAsync(hub, HubRelease, "hub", settings.HubReplicas, time, cancellationToken).ConfigureAwait(false);
            var xds = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{hubPods[0].Status!.PodIP}:{XdsPort}"));
            Uri? xdsForMembers = null;
            if (network is not null)
            {
                // Members reach the hub's xDS Service (every hub replica serves xDS), so a hub pod's deletion only moves
                // their streams to the other replica.
                var service = await hub.Client.Resource<Service>().GetAsync(Namespace, HubRelease + "-xds", cancellationToken).ConfigureAwait(false);
                var target = service?.Spec?.ClusterIP is { Length: > 0 } clusterIp && clusterIp != "None"
                    ? new Uri(string.Create(CultureInfo.InvariantCulture, $"http://{clusterIp}:{XdsPort}"))
                    : xds;
                relays.Add(UnderlayRelay.Expose(network.Names.HostAddress, target, logger));
                xdsForMembers = UnderlayRelay.On(network.Names.HostAddress, target);
            }

            // Where members cannot reach each other's pods, every byte between them goes through their gateways.
            var gateways = network?.Mode == NetworkMode.Isolated;

            var token = await MeshBootstrap.TokenIfNeededAsync(hub, members, hubForMembers, time, cancellationToken).ConfigureAwait(false);

            // An https hub: the agents and gateways trust its CA (the chart's agent.hubCA).
            List<string> files = [];
            if (hub.ClientOptions.CertificateAuthorityPem is { } hubCa)
            {
                var hubCaPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.KubeconfigPath))!, "hub-ca.crt");
                await File.WriteAllTextAsync(hubCaPath, hubCa, cancellationToken).ConfigureAwait(false);
                files.Add("agent.hubCA=" + hubCaPath);
            }

            await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (member, ct) =>
            {
                progress?.Report($"helm install {AgentRelease} (mode=agent) into {member.Name}");
                List<string> values =
                [
                    "mode=agent",
                    $"agent.clusterName={member.Name}",
                    $"agent.hubServer={hubForMembers}",
                    Value("agent.replicas", settings.AgentReplicas),
                    "logFormat=text",
                    $"extraArgs={{--heartbeat-interval={Duration(settings.Timings.HeartbeatInterval)}}}",
                ];
                if (token is not null)
                {
                    values.Add($"agent.bootstrapToken={token}");
                }

                if (gateways && member.Addresses.UnderlayAddress is { } underlay)
                {
                    // The gateway listens on the member's underlay address, as a gateway on the host network would:
                    // the others dial its tunnel port there (no Service needed), and the member's pods reach its
                    // outbound ports there too.
                    values.AddRange(
                    [
                        "gateway.enabled=true",
                        $"gateway.xdsServer={xdsForMembers ?? xds}",
                        $"gateway.listenAddress={underlay}",
                        "gateway.httpAddress=0.0.0.0",
                        $"gateway.advertisedAddress={underlay}",
                        "gateway.service.enabled=false",
                        "agent.addressing=Gateway",
                        $"agent.gatewayLocalAddress={underlay}",
                    ]);
                }

                await helm.UpgradeInstallAsync(member.Name, AgentRelease, settings.ChartDirectory, Namespace, values, ct, files).ConfigureAwait(false);
            }).ConfigureAwait(false);

            progress?.Report($"waiting for {members.Count} agents to join the hub");
            var dns = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var member in members)
            {
                var agents = await WaitReadyAsync(member, AgentRelease, "agent", settings.AgentReplicas, time, cancellationToken).ConfigureAwait(false);
                dns[member.Name] = string.Create(CultureInfo.InvariantCulture, $"{agents[0].Status!.PodIP}:{DnsPort}");
            }

            var gatewayEndpoints = new Dictionary<string, Uri>(StringComparer.Ordinal);
            if (gateways)
            {
                progress?.Report($"waiting for {members.Count} east-west gateways (certificate from the hub, configuration over xDS)");
                foreach (var member in members)
                {
                    await WaitReadyAsync(member, AgentRelease, "gateway", 1, time, cancellationToken).ConfigureAwait(false);
                    gatewayEndpoints[member.Name] = MemberGateway.HttpEndpoint(member.Addresses.UnderlayAddress!);
                }
            }

            await WaitJoinedAsync(hub.Client, [.. members.Select(m => m.Name)], time, cancellationToken).ConfigureAwait(false);
            Log.Installed(logger, members.Count, xds);
            return new HelmMesh(members, dns, gatewayEndpoints, xds, xdsForMembers, relays, time);
        }
        catch
        {
            foreach (var relay in relays)
            {
                await relay.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public Task ExportDemoAsync(CancellationToken cancellationToken) => MeshBootstrap.ExportDemoAsync(_members, DemoTimeout, _time, cancellationToken);

    /// <summary>Nothing to do: the member's agents are its pods, which stop and start with its cluster.</summary>
    public Task StopMemberAsync(string name) => Task.CompletedTask;

    /// <summary>Nothing to do: the member's kubelet starts its agent pods again; they reuse the stored credentials.</summary>
    public Task StartMemberAsync(ISimulatedCluster cluster, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Closes the relays. The releases stay installed, as on real clusters: the next start finds them.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        foreach (var relay in _relays)
        {
            await relay.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The release's pods once <paramref name="replicas"/> of them are Ready, readiest first.</summary>
    private static async Task<IReadOnlyList<Pod>> WaitReadyAsync(ISimulatedCluster cluster, string release, string component, int replicas, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ReadyTimeout;
        var selector = new ListOptions { LabelSelector = $"app.kubernetes.io/instance={release},app.kubernetes.io/component={component}" };
        IReadOnlyList<Pod> ready = [];
        IReadOnlyList<Pod> all = [];
        while (time.GetUtcNow() < deadline)
        {
            all = (await cluster.Client.Resource<Pod>().ListAsync(selector with { Namespace = Namespace }, cancellationToken).ConfigureAwait(false)).Items;
            ready = [.. all.Where(p => p.Metadata.DeletionTimestamp is null && Controllers.PodStates.IsReady(p) && !string.IsNullOrEmpty(p.Status?.PodIP))];
            if (ready.Count >= replicas)
            {
                return ready;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }

        var states = string.Join("; ", all.Select(p => $"{p.Metadata.Name}: {p.Status?.Phase} {p.Status?.Reason}"));
        throw new TimeoutException($"{release} ({component}) in {cluster.Name}: {ready.Count} of {replicas} pods Ready after {ReadyTimeout.TotalMinutes:0} min ({states}); see kubectl --context {cluster.Name} logs -n {Namespace} -l app.kubernetes.io/instance={release},app.kubernetes.io/component={component}");
    }

    private static async Task WaitJoinedAsync(IKubeClient hub, IReadOnlyList<string> members, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + ReadyTimeout;
        while (true)
        {
            var clusters = (await hub.Resource<ManagedCluster>().ListAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Items;
            var joined = clusters.Where(c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready)).Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
            var missing = members.Where(m => !joined.Contains(m)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"not Ready on the hub after {ReadyTimeout.TotalMinutes:0} min: {string.Join(", ", missing)} (kubectl --context <member> logs -n {Namespace} -l app.kubernetes.io/instance={AgentRelease})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Value(string key, int value) => string.Create(CultureInfo.InvariantCulture, $"{key}={value}");

    private static string Duration(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{(long)value.TotalMilliseconds}ms");

    private static partial class Log
    {
        [LoggerMessage(EventId = 324, Level = LogLevel.Information, Message = "Mesh installed with helm: {Members} members joined, xDS at {Xds}")]
        public static partial void Installed(ILogger logger, int members, Uri xds);
    }
}
