using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using static Tdcc.Mesh.Gateway.Tests.Ingress.IngressRig;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>HTTPS listeners: TLS terminated at the ingress, the certificate chosen by SNI among the port's listeners, HTTP/2 or HTTP/1.1 by ALPN.</summary>
public sealed class HttpsListenerTests : IAsyncLifetime
{
    private readonly HashSet<string> _issued = [];
    private IngressRig _rig = null!;

    public async Task InitializeAsync() => _rig = await IngressRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task HTTPRouteHTTPSListener_CertificateBySni_RoutesByHost_H2AndHttp11()
    {
        var first = SelfSigned("example.org");
        var second = SelfSigned("second.example.org");
        _rig.Apply(
            Https("https-1", "example.org", first, Rule(null, Service(_rig.A))),
            Https("https-2", "second.example.org", second, Rule(null, Service(_rig.B))));

        var (status, server, certificate, version) = await GetTlsAsync("example.org", HttpVersion.Version20);
        status.Should().Be(HttpStatusCode.OK);
        server.Should().Contain("\"Name\":\"a\"");
        certificate.Should().Contain("CN=example.org");
        version.Should().Be(HttpVersion.Version20, "ALPN offers h2");

        (status, server, certificate, version) = await GetTlsAsync("second.example.org", HttpVersion.Version11);
        status.Should().Be(HttpStatusCode.OK);
        server.Should().Contain("\"Name\":\"b\"");
        certificate.Should().Contain("CN=second.example.org");
        version.Should().Be(HttpVersion.Version11);

        (status, _, _, _) = await GetTlsAsync("unknown.example.net", HttpVersion.Version11);
        status.Should().Be(HttpStatusCode.NotFound, "no listener's hostname fits the Host");
    }

    private IngressListener Https(string name, string hostname, TlsCertificateModel certificate, IngressRouteRule rule) =>
        _rig.Listener([rule], hostname, name) with { Protocol = IngressProtocol.Https, Certificates = [certificate] };

    private async Task<(HttpStatusCode Status, string Body, string Certificate, Version Version)> GetTlsAsync(string host, Version version)
    {
        var seen = string.Empty;
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(_rig.Address, _rig.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    seen = certificate?.Subject ?? string.Empty;

                    // Self-signed by the test: trusted when it is one of those it made.
                    return certificate is not null && _issued.Contains(certificate.GetCertHashString());
                },
            },
        };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{host}:{_rig.Port}/") { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), seen, response.Version);
    }

    private TlsCertificateModel SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        _issued.Add(certificate.GetCertHashString());
        return new TlsCertificateModel(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }
}
