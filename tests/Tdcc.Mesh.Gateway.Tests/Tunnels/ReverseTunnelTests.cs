using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.Identity.Authority;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Gateway.Tests.Tunnels;

/// <summary>
/// East's gateway is behind NAT: west is given no address for it and never dials it; east dials a reverse tunnel to
/// west and west sends east's traffic down it. Real gateways and sockets on loopback.
/// </summary>
public sealed class ReverseTunnelTests(ITestOutputHelper output)
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);

    [Fact]
    public async Task Http11_EastBehindNat_AnsweredThroughReverseTunnel()
    {
        await using var mesh = await StartAsync();
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);
        await WaitForReverseAsync(mesh);

        using var client = new HttpClient();
        var answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/hello");

        answer.Should().StartWith("cluster=east;source=west;host=echo.demo.svc.clusterset.local:8080;protocol=HTTP/1.1");
        var east = mesh["west"].Status.Peers.Should().ContainSingle(p => p.Cluster == "east").Subject;
        east.Address.Should().BeNull("west has no address for east: it never dials it");
        east.Direction.Should().Be(TunnelDirection.Reverse);
        east.State.Should().Be(TunnelState.Connected);
        east.ReverseConnections.Should().Be(1);
        east.ConnectedSince.Should().NotBeNull();
        mesh["east"].Status.Peers.Should().ContainSingle(p => p.Cluster == "west" && p.ReverseConnections == 1 && p.ConnectedSince != null);
    }

    [Fact]
    public async Task Tcp_EastBehindNat_BytesEchoedThroughReverseTunnel()
    {
        await using var mesh = await StartAsync();
        await using var pod = new TcpEchoServer(TestAddresses.Pod(1), "east");
        var port = ServeFromEast(mesh, GatewayProtocol.Tcp, pod.EndPoint);
        await WaitForReverseAsync(mesh);

        using var client = new TcpClient();
        await client.ConnectAsync(mesh.Address("west"), port);
        var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("east");
        await stream.WriteAsync("hello reverse tunnel\n"u8.ToArray());
        (await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("hello reverse tunnel");
    }

    [Fact]
    public async Task Http11_WestBehindNatCallsEast_AnsweredOverItsOwnOutboundTunnel()
    {
        // The gateway behind NAT still dials its peers for its own clients' traffic, as any gateway.
        await using var mesh = await GatewayMesh.StartAsync(MeshCertificateAuthority.Create(), new HashSet<string> { "west" }, "west", "east");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);

        using var client = new HttpClient();
        var answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/");

        answer.Should().StartWith("cluster=east;source=west;");
    }

    [Fact]
    public async Task Http11_EastGatewayRestarted_TrafficComesBackOverNewReverseTunnel()
    {
        await using var mesh = await StartAsync();
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        var port = ServeFromEast(mesh, GatewayProtocol.Http, pod.EndPoint);
        await WaitForReverseAsync(mesh);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        (await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/")).Should().StartWith("cluster=east;");

        await mesh.RestartAsync("east", TimeSpan.FromMilliseconds(500));
        var restarted = Stopwatch.StartNew();
        var answered = false;
        while (restarted.Elapsed < TimeSpan.FromSeconds(20) && !answered)
        {
            using var response = await client.GetAsync($"http://{mesh.Address("west")}:{port}/");
            answered = response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).StartsWith("cluster=east;", StringComparison.Ordinal);
            if (!answered)
            {
                await Task.Delay(20);
            }
        }

        output.WriteLine($"east answered again {restarted.ElapsedMilliseconds} ms after its gateway was back");
        answered.Should().BeTrue("east dials a new reverse tunnel and west sends its traffic down it");
        var east = mesh["west"].Status.Peers.Single(p => p.Cluster == "east");
        east.State.Should().Be(TunnelState.Connected);
        east.Reconnects.Should().BeGreaterThanOrEqualTo(1, "the first reverse tunnel ended");
    }

    [Fact]
    public async Task Http11_EastBehindNatWithoutReverseTunnel_DownAndRequestsGoToNorth()
    {
        // East's gateway is gone (no reverse tunnel): west finds it down and serves from north, and east is back once
        // its gateway dials again.
        await using var mesh = await GatewayMesh.StartAsync(MeshCertificateAuthority.Create(), new HashSet<string> { "east" }, "west", "east", "north");
        await using var eastPod = await HttpEchoServer.StartAsync(TestAddresses.Pod(1), "east", HttpProtocols.Http1);
        await using var northPod = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(eastPod.EndPoint.Address.ToString(), eastPod.EndPoint.Port)])]);
        mesh.Configure("north", [], [new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(northPod.EndPoint.Address.ToString(), northPod.EndPoint.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, []), new BackendCluster("north", 1, 1, 1, [])])], []);
        await WaitForReverseAsync(mesh);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        (await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/")).Should().StartWith("cluster=east;");

        var restart = mesh.RestartAsync("east", TimeSpan.FromSeconds(3));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        mesh["west"].Status.Peers.Single(p => p.Cluster == "east").Should().Match<PeerStatus>(p => p.Down && p.State != TunnelState.Connected && p.ReverseConnections == 0);
        (await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/")).Should().StartWith("cluster=north;", "east has no reverse tunnel: it is down and north serves");
        await restart;

        var deadline = DateTime.UtcNow.AddSeconds(15);
        string answer;
        do
        {
            answer = await client.GetStringAsync($"http://{mesh.Address("west")}:{port}/");
        }
        while (!answer.StartsWith("cluster=east;", StringComparison.Ordinal) && DateTime.UtcNow < deadline && await Task.Delay(50).ContinueWith(_ => true));

        answer.Should().StartWith("cluster=east;", "east is back once its new gateway dialled a reverse tunnel");
    }

    [Fact]
    public async Task ReverseDial_CertificateFromAnotherCa_Refused()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        var strangerCa = MeshCertificateAuthority.Create();

        // The stranger trusts both CAs, so only west's judgement of its certificate stands between them.
        var bundle = new X509Certificate2Collection { strangerCa.CreateRootCertificate(), mesh.Authority.CreateRootCertificate() };
        var credentials = new GatewayCredentials(strangerCa.IssueGateway("east").ToX509Certificate(), bundle, mesh.Authority.TrustDomain);
        var configuration = new StaticConfigurationSource(new GatewayConfiguration
        {
            Cluster = "east",
            Peers = [new PeerGateway("west", mesh.Address("west").ToString(), mesh["west"].TunnelEndPoint.Port)],
        });
        await using var stranger = await GatewayServer.StartAsync(
            new GatewayServerOptions { TunnelAddress = TestAddresses.Gateway(5), TunnelPort = 0, OutboundAddress = TestAddresses.Gateway(5), ReverseTunnels = true },
            configuration,
            new StaticCredentialSource(credentials),
            NullLoggerFactory.Instance,
            TimeProvider.System,
            CancellationToken.None);
        mesh.Configure("west", [], [], [new PeerGateway("east", null, 15443)]);

        await Task.Delay(TimeSpan.FromSeconds(2));

        var east = mesh["west"].Status.Peers.Single(p => p.Cluster == "east");
        east.ReverseConnections.Should().Be(0, "west refuses a reverse tunnel from a certificate of another CA");
        east.State.Should().NotBe(TunnelState.Connected);
        var west = stranger.Status.Peers.Single(p => p.Cluster == "west");
        west.ReverseConnections.Should().Be(0);
        west.LastError.Should().NotBeNullOrEmpty();
    }

    private static Task<GatewayMesh> StartAsync() => GatewayMesh.StartAsync(MeshCertificateAuthority.Create(), new HashSet<string> { "east" }, "west", "east");

    private static int ServeFromEast(GatewayMesh mesh, GatewayProtocol protocol, IPEndPoint pod)
    {
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("east", [], [new InboundPort(Echo, protocol, [new EndpointAddress(pod.Address.ToString(), pod.Port)])]);
        mesh.Configure("west", [new OutboundPort(Echo, port, protocol, [new BackendCluster("east", 1, 0, 1, [])])], []);
        return port;
    }

    private static async Task WaitForReverseAsync(GatewayMesh mesh)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (mesh["west"].Status.Peers.SingleOrDefault(p => p.Cluster == "east") is not { ReverseConnections: > 0 })
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("east opened no reverse tunnel to west");
            }

            await Task.Delay(20);
        }
    }
}
