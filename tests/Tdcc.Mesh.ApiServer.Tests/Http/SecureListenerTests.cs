using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.ApiServer.Tests.Http;

/// <summary>The optional HTTPS listener: a certificate from the cluster's CA, HTTP/1.1 and h2 by ALPN, the CA kept across restarts.</summary>
public sealed class SecureListenerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tdcc-tls-").FullName;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Get_OverTlsTrustingTheClusterCa_AnswersInTheNegotiatedVersion(int major)
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tls", SecurePort = 0 });
        server.SecureBaseAddress.Should().NotBeNull();
        server.SecureBaseAddress!.Scheme.Should().Be("https");
        using var http = Trusting(server.CertificateAuthorityPem!, server.SecureBaseAddress, major);

        using var response = await http.GetAsync("/api/v1/namespaces");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Version.Major.Should().Be(major);
        (await response.Content.ReadAsStringAsync()).Should().Contain("\"NamespaceList\"");
    }

    [Fact]
    public async Task Get_ByTheNameKubernetesDefaultSvc_CertificateMatches()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tls", SecurePort = 0 });
        using var handler = TrustingHandler(server.CertificateAuthorityPem!);
        handler.SslOptions.TargetHost = "kubernetes.default.svc";
        using var http = new HttpClient(handler) { BaseAddress = server.SecureBaseAddress };

        using var response = await http.GetAsync("/version");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Get_WithoutTheClusterCa_HandshakeFails()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tls", SecurePort = 0 });
        using var http = new HttpClient { BaseAddress = server.SecureBaseAddress };

        var act = async () => await http.GetAsync("/version");

        (await act.Should().ThrowAsync<HttpRequestException>()).Which.InnerException.Should().BeOfType<System.Security.Authentication.AuthenticationException>();
    }

    [Fact]
    public async Task StartAsync_SameDataDirectory_KeepsTheCa()
    {
        string first;
        await using (var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tls", SecurePort = 0, DataDirectory = _directory }))
        {
            first = server.CertificateAuthorityPem!;
        }

        File.Exists(Path.Combine(_directory, "pki", "ca.crt")).Should().BeTrue();
        File.Exists(Path.Combine(_directory, "pki", "ca.key")).Should().BeTrue();
        await using var again = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "tls", SecurePort = 0, DataDirectory = _directory, ServingCertificateHosts = ["10.0.0.9", "api.example"] });
        again.CertificateAuthorityPem.Should().Be(first);
        using var http = Trusting(first, again.SecureBaseAddress!, 1);
        (await http.GetAsync("/healthz")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StartAsync_NoSecurePort_PlainOnly()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "plain" });

        server.SecureBaseAddress.Should().BeNull();
        server.CertificateAuthorityPem.Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static HttpClient Trusting(string caPem, Uri server, int major) =>
        new(TrustingHandler(caPem))
        {
            BaseAddress = server,
            DefaultRequestVersion = new Version(major, major == 1 ? 1 : 0),
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

    private static SocketsHttpHandler TrustingHandler(string caPem)
    {
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(caPem);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
        return handler;
    }
}
