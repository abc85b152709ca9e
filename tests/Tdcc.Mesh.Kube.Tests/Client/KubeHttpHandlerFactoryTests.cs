using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class KubeHttpHandlerFactoryTests
{
    [Fact]
    public void ValidateAgainst_CertificateFromConfiguredCa_IsAccepted()
    {
        using var certs = new TestCertificates();
        var (server, _, _) = certs.Issue("kube", server: true, "kube.test");

        KubeHttpHandlerFactory.ValidateAgainst([certs.Ca], server, null, SslPolicyErrors.RemoteCertificateChainErrors).Should().BeTrue();
    }

    [Fact]
    public void ValidateAgainst_CertificateFromOtherCa_IsRejected()
    {
        using var trusted = new TestCertificates("trusted");
        using var other = new TestCertificates("other");
        var (server, _, _) = other.Issue("kube", server: true, "kube.test");

        KubeHttpHandlerFactory.ValidateAgainst([trusted.Ca], server, null, SslPolicyErrors.None).Should().BeFalse();
    }

    [Fact]
    public void ValidateAgainst_NameMismatch_IsRejected()
    {
        using var certs = new TestCertificates();
        var (server, _, _) = certs.Issue("kube", server: true, "kube.test");

        KubeHttpHandlerFactory.ValidateAgainst([certs.Ca], server, null, SslPolicyErrors.RemoteCertificateNameMismatch).Should().BeFalse();
    }

    [Fact]
    public void LoadClientCertificate_PemPair_HasPrivateKey()
    {
        using var certs = new TestCertificates();
        var (_, certPem, keyPem) = certs.Issue("alice", server: false);

        using var certificate = KubeHttpHandlerFactory.LoadClientCertificate(certPem, keyPem);

        certificate.HasPrivateKey.Should().BeTrue();
        certificate.Subject.Should().Be("CN=alice");
    }

    [Fact]
    public void LoadClientCertificate_MismatchedKey_ThrowsKubeconfigException()
    {
        using var certs = new TestCertificates();
        var (_, certPem, _) = certs.Issue("alice", server: false);
        var (_, _, otherKey) = certs.Issue("bob", server: false);

        var act = () => KubeHttpHandlerFactory.LoadClientCertificate(certPem, otherKey);

        act.Should().Throw<KubeconfigException>();
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task KubeClient_MutualTlsAgainstConfiguredCa_Connects()
    {
        using var certs = new TestCertificates();
        var (server, _, _) = certs.Issue("kube", server: true, "127.0.0.1", "localhost");
        var (_, clientPem, clientKey) = certs.Issue("alice", server: false);
        await using var app = await StartServerAsync(server, certs.Ca);

        using var client = new KubeClient(new KubeClientOptions
        {
            Server = new Uri(app.Urls.First()),
            CertificateAuthorityPem = certs.CaPem,
            ClientCertificatePem = clientPem,
            ClientKeyPem = clientKey,
            Retry = RetryPolicy.None,
        });

        (await client.GetRawAsync("/version")).Should().Be("CN=alice");
        (await client.GetRawAsync("/protocol")).Should().Be("HTTP/2");
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task KubeClient_ServerFromUntrustedCa_FailsTls()
    {
        using var serverCa = new TestCertificates("server-ca");
        using var configuredCa = new TestCertificates("configured-ca");
        var (server, _, _) = serverCa.Issue("kube", server: true, "127.0.0.1");
        var (_, clientPem, clientKey) = serverCa.Issue("alice", server: false);
        await using var app = await StartServerAsync(server, serverCa.Ca);

        using var client = new KubeClient(new KubeClientOptions
        {
            Server = new Uri(app.Urls.First()),
            CertificateAuthorityPem = configuredCa.CaPem,
            ClientCertificatePem = clientPem,
            ClientKeyPem = clientKey,
            Retry = RetryPolicy.None,
        });

        await client.Invoking(c => c.GetRawAsync("/version")).Should().ThrowAsync<HttpRequestException>();
    }

    private static async Task<WebApplication> StartServerAsync(X509Certificate2 serverCertificate, X509Certificate2 clientCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = serverCertificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) =>
                KubeHttpHandlerFactory.ValidateAgainst([clientCa], certificate, null, SslPolicyErrors.None);
        })));
        var app = builder.Build();
        app.MapGet("/version", (HttpContext context) => context.Connection.ClientCertificate?.Subject ?? "anonymous");
        app.MapGet("/protocol", (HttpContext context) => context.Request.Protocol);
        await app.StartAsync();
        return app;
    }
}
