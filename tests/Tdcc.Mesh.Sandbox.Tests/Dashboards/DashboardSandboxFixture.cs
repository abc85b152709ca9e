using System.Globalization;
using System.Net;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Mesh;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Dashboards;

/// <summary>
/// An isolated-layout sandbox (hub, east, west; namespaces slot 13, offset 208) with the in-process mesh, traffic
/// flowing from west to east's <c>demo/echo</c> (HTTP) and <c>demo/echo-tcp</c> (TCP) through both gateways and DNS
/// queries to west's clusterset DNS server, and a real Prometheus scraping every component's <c>/metrics</c> each
/// second: the hub (which in this process also carries the in-process agents' and DNS servers' instruments and the
/// xDS server's) and both gateways. Started by the first test that asks; stopped (Prometheus with SIGTERM) at the end.
/// </summary>
/// <remarks>
/// With <c>TDCC_DASHBOARD_IMAGES</c> set to a folder, the traffic runs for <c>TDCC_DASHBOARD_SECONDS</c> (default 150)
/// with a varying load, and before stopping, <c>scripts/render-dashboard.py</c> renders the traffic dashboard's main
/// panels from this Prometheus into that folder (needs python3 with matplotlib; never part of <c>make test</c>).
/// </remarks>
public sealed class DashboardSandboxFixture : IAsyncLifetime
{
    public const int AddressOffset = 208;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("tdcc-dashboards-").FullName;
    private IClusterSet? _set;
    private MeshTraffic? _traffic;
    private PrometheusServer? _prometheus;
    private IReadOnlyList<ScrapeTarget> _targets = [];

    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("not started");

    internal IReadOnlyList<ScrapeTarget> Targets => _targets;

    internal MeshTraffic Traffic => _traffic ?? throw new InvalidOperationException("not started");

    private static string? ImagesDirectory => Environment.GetEnvironmentVariable("TDCC_DASHBOARD_IMAGES") is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;

    public async Task StartAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_prometheus is not null)
            {
                return;
            }

            _set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = _directory,
                Members = 2,
                InMemory = true,
                Demo = true,
                AddressOffset = AddressOffset,
                Network = NetworkMode.Isolated,
                MeshTimings = NamespacedSandboxFixture.Timings,
            });
            var (east, west) = (_set.Clusters[1], _set.Clusters[2]);
            await MeshTraffic.DeployTcpServiceAsync(east.Client);
            await MeshTraffic.DeployUnservedServiceAsync(east.Client);
            var httpIp = await MeshTraffic.ClusterSetIpAsync(west.Client, "echo");
            var tcpIp = await MeshTraffic.ClusterSetIpAsync(west.Client, MeshTraffic.TcpService);
            var unservedIp = await MeshTraffic.ClusterSetIpAsync(west.Client, MeshTraffic.UnservedService);
            await Eventually.TrueAsync(
                async () => (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(httpIp, 8080), TimeSpan.FromSeconds(5))).Cluster == "east",
                "west reaches echo's ClusterSetIP through both gateways",
                TimeSpan.FromSeconds(90));
            await Eventually.TrueAsync(
                () => MeshTraffic.TcpEchoAsync(west.Network, new IPEndPoint(tcpIp, MeshTraffic.TcpPort), 64, CancellationToken.None),
                "west reaches echo-tcp's ClusterSetIP through both gateways",
                TimeSpan.FromSeconds(90));

            var mesh = (ClusterSetMesh)_set.Mesh!;
            var dns = IPEndPoint.Parse(mesh.Dns["west"]);
            var started = DateTimeOffset.UtcNow;
            _traffic = MeshTraffic.Start(west.Network, httpIp, tcpIp, dns, ImagesDirectory is null ? null : () => Load(DateTimeOffset.UtcNow - started), unservedIp);
            _targets =
            [
                new ScrapeTarget("tdcc-hub", mesh.HubHttp.Authority),
                .. _set.Clusters.Skip(1).Select(member => new ScrapeTarget(
                    "tdcc-gateway",
                    string.Create(CultureInfo.InvariantCulture, $"{member.Addresses.UnderlayAddress}:{MemberGateway.HttpPort}"))),
            ];
            _prometheus = await PrometheusServer.StartAsync(_targets);

            // Every target up, and enough samples of the traffic for rate() over the dashboards' interval.
            await Eventually.TrueAsync(
                async () => (await _prometheus.ResultAsync("up == 1")).Count == _targets.Count,
                "prometheus scrapes every target",
                TimeSpan.FromSeconds(60));
            var seconds = ImagesDirectory is null ? 15 : int.Parse(Environment.GetEnvironmentVariable("TDCC_DASHBOARD_SECONDS") ?? "150", CultureInfo.InvariantCulture);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_prometheus is not null && ImagesDirectory is { } images)
        {
            // Debian's python3 (where python3-matplotlib installs), not whichever python3 comes first on PATH.
            var result = await PeerTools.RunAsync(
                File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3",
                [Path.Combine(PeerTools.RepoRoot, "scripts", "render-dashboard.py"), "--prometheus", _prometheus.Address.ToString(), "--out", images, "--minutes", "4"],
                timeout: TimeSpan.FromMinutes(3));
            Console.Error.WriteLine($"render-dashboard.py exited {result.ExitCode}: {result}");
        }

        if (_traffic is not null)
        {
            await _traffic.DisposeAsync();
        }

        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_set is not null)
        {
            await _set.DisposeAsync();
        }

        _gate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A load that rises and falls over a couple of minutes, so rendered graphs show change.</summary>
    private static double Load(TimeSpan elapsed) => 0.6 + (0.4 * Math.Sin(elapsed.TotalSeconds / 20));
}
