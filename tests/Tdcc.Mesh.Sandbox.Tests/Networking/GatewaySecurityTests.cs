using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Storage;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// Who may use east's tunnel port (issue 14, "Security"), dialled from the host over the underlay as another member's
/// gateway would: a certificate of a current member from the clusterset's CA (the hub's, read from its Secret) is
/// served by east's pods; one from another CA, an expired one, and one of a cluster that has left are refused before
/// any request is served.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class GatewaySecurityTests(GatewaySecuritySandboxFixture fixture) : IClassFixture<GatewaySecuritySandboxFixture>
{
    private const string EchoAuthority = "echo.demo.svc.clusterset.local:8080";

    [NamespacesFact]
    public async Task Tunnel_CertificateFromAnotherCaOrExpired_Refused()
    {
        var set = await fixture.StartAsync();
        var east = set.Clusters[1];
        using var authority = await CertificateAuthorityStore.LoadOrCreateAsync(set.Clusters[0].Client);
        using var valid = authority.IssueGateway("west").ToX509Certificate();
        using var stranger = MeshCertificateAuthority.Create().IssueGateway("west").ToX509Certificate();
        using var expired = authority.IssueGateway("west", lifetime: TimeSpan.FromSeconds(1)).ToX509Certificate();

        // The control: west's certificate from the set's CA is served by east's pods through east's gateway.
        var served = await Eventually.ValueAsync<Dial>(async () => await TryDialAsync(east, valid) is { Cluster: not null } reply ? reply : null, "west's certificate from the set's CA served by east", TimeSpan.FromSeconds(60));
        served.Cluster.Should().Be("east");
        served.Source.Should().Be("west", "east's gateway names the source by the peer certificate");

        (await TryDialAsync(east, stranger)).Refused.Should().BeTrue("a certificate from another CA does not chain to the set's root");
        await Eventually.TrueAsync(() => DateTime.UtcNow > expired.NotAfter.ToUniversalTime().AddSeconds(1), "the short-lived certificate expired", TimeSpan.FromSeconds(10));
        (await TryDialAsync(east, expired)).Refused.Should().BeTrue("an expired certificate is refused even though the set's CA signed it");
    }

    [NamespacesFact]
    public async Task Tunnel_CertificateOfClusterThatLeft_RefusedAfterLeaving()
    {
        var set = await fixture.StartAsync();
        var (hub, east) = (set.Clusters[0], set.Clusters[1]);
        using var authority = await CertificateAuthorityStore.LoadOrCreateAsync(hub.Client);
        using var departing = authority.IssueGateway("west").ToX509Certificate();
        await Eventually.TrueAsync(async () => (await TryDialAsync(east, departing)).Cluster == "east", "west's certificate served by east while west is a member", TimeSpan.FromSeconds(60));

        // west leaves the clusterset (its ManagedCluster deleted on the hub); the same, still valid, certificate is refused.
        await hub.Client.Resource<ManagedCluster>().DeleteAsync(null, "west");

        await Eventually.TrueAsync(async () => (await TryDialAsync(east, departing)).Refused, "west's certificate refused by east once west has left", TimeSpan.FromSeconds(60));
        for (var i = 0; i < 3; i++)
        {
            (await TryDialAsync(east, departing)).Refused.Should().BeTrue("a cluster that left stays refused");
        }
    }

    /// <summary>
    /// One request to east's tunnel port as a peer gateway sends it (HTTP/2 over TLS 1.3 with <paramref name="certificate"/>,
    /// <c>:authority</c> = echo's service port): the answering cluster and the source the pod saw, or Refused when
    /// the handshake failed or the connection closed before any answer.
    /// </summary>
    private static async Task<Dial> TryDialAsync(Sandbox.Clusters.ISimulatedCluster east, X509Certificate2 certificate)
    {
        using var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = (_, server, _, _) => server is not null, // the dialling side is not under test
            },
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{east.Addresses.UnderlayAddress}:{Sandbox.Mesh.MemberGateway.TunnelPort}/")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Host = EchoAuthority;
        try
        {
            using var response = await client.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return new Dial(false, null, null);
            }

            using var reply = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var source = reply.RootElement.GetProperty("headers").TryGetProperty("x-tdcc-source-cluster", out var value) ? value.GetString() : null;
            return new Dial(false, reply.RootElement.GetProperty("cluster").GetString(), source);
        }
        catch (HttpRequestException)
        {
            return new Dial(true, null, null);
        }
    }

    private sealed record Dial(bool Refused, string? Cluster, string? Source);
}
