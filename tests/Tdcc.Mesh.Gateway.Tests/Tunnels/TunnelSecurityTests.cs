using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Tests.Support;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Gateway.Tests.Tunnels;

/// <summary>Who may open a tunnel: only a gateway of a current peer cluster with a valid certificate from the clusterset's CA.</summary>
public sealed class TunnelSecurityTests
{
    private static readonly ServiceKey Echo = new("demo", "echo", 8080);

    [Fact]
    public async Task Handshake_PeerCertificateFromSetCa_Accepted()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");

        using var response = await DialAsync(mesh, "east", mesh.Credentials("west").Certificate);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the handshake passed and the authority names no exported service");
        (await response.Content.ReadAsStringAsync()).Should().Contain("is not exported by cluster east");
    }

    [Fact]
    public async Task Handshake_CertificateFromAnotherCa_Refused()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        var stranger = MeshCertificateAuthority.Create().IssueGateway("west").ToX509Certificate();

        var dial = () => DialAsync(mesh, "east", stranger);

        await dial.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Handshake_ExpiredCertificate_Refused()
    {
        var now = DateTimeOffset.UtcNow;
        var time = new FakeTimeProvider(now - TimeSpan.FromDays(10));
        var authority = MeshCertificateAuthority.Create(time: time);
        var expired = authority.IssueGateway("west", lifetime: TimeSpan.FromHours(1)).ToX509Certificate();
        time.SetUtcNow(now);
        await using var mesh = await GatewayMesh.StartAsync(authority, "west", "east");

        var dial = () => DialAsync(mesh, "east", expired);

        await dial.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Handshake_ClusterNotAmongPeers_Refused()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east");
        var departed = mesh.Authority.IssueGateway("left").ToX509Certificate();

        var dial = () => DialAsync(mesh, "east", departed);

        await dial.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Outbound_PeerAnswersWithAnotherClustersCertificate_NotUsed()
    {
        await using var mesh = await GatewayMesh.StartAsync("west", "east", "north");
        await using var pod = await HttpEchoServer.StartAsync(TestAddresses.Pod(2), "north", HttpProtocols.Http1);
        var port = TestAddresses.FreePort(mesh.Address("west"));
        mesh.Configure("north", [], [new InboundPort(Echo, GatewayProtocol.Http, [new EndpointAddress(pod.EndPoint.Address.ToString(), pod.EndPoint.Port)])]);
        var north = mesh.PeersOf("west").Single(p => p.Cluster == "north");
        // West believes east's gateway is at north's address: the server certificate says north, so west must not talk.
        mesh.Configure("west", [new OutboundPort(Echo, port, GatewayProtocol.Http, [new BackendCluster("east", 1, 0, 1, [])])], [], [north, north with { Cluster = "east" }]);

        using var client = new HttpClient();
        using var response = await client.GetAsync($"http://{mesh.Address("west")}:{port}/");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        pod.Requests.Should().Be(0);
    }

    private static async Task<HttpResponseMessage> DialAsync(GatewayMesh mesh, string target, X509Certificate2 certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null, // the client side is not under test here
            },
        };
        using var client = new HttpClient(handler) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        var endPoint = mesh[target].TunnelEndPoint;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{endPoint.Address}:{endPoint.Port}/") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        request.Headers.Host = Echo.Authority;
        return await client.SendAsync(request);
    }
}
