using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Identity.Tests.Authority;

/// <summary>The CA's output read by another X.509 implementation: the <c>openssl</c> command line (Debian package openssl).</summary>
[Trait("Peer", "openssl")]
public sealed class OpenSslPeerTests : IDisposable
{
    private const string OpenSsl = "openssl";
    private readonly MeshCertificateAuthority _ca = MeshCertificateAuthority.Create();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tdcc-identity-");

    public void Dispose()
    {
        _ca.Dispose();
        _dir.Delete(recursive: true);
    }

    [PeerFact(OpenSsl)]
    public async Task Verify_GatewayLeaf_ChainsToTheRootForServerAndClientUse()
    {
        RequirePeer.Present(OpenSsl);
        var ca = Write("ca.pem", _ca.RootCertificatePem);
        var leaf = Write("leaf.pem", _ca.IssueGateway("east", ["gateway.east.test"]).CertificatePem);

        foreach (var purpose in new[] { "sslserver", "sslclient" })
        {
            var result = await RunAsync("verify", "-purpose", purpose, "-CAfile", ca, leaf);

            result.ExitCode.Should().Be(0, result.ToString());
            result.StandardOutput.Should().Contain("leaf.pem: OK");
        }
    }

    [PeerFact(OpenSsl)]
    public async Task Verify_LeafOfAnotherCa_Fails()
    {
        RequirePeer.Present(OpenSsl);
        using var other = MeshCertificateAuthority.Create();
        var ca = Write("ca.pem", _ca.RootCertificatePem);
        var leaf = Write("leaf.pem", other.IssueGateway("east").CertificatePem);

        var result = await RunAsync("verify", "-CAfile", ca, leaf);

        result.ExitCode.Should().NotBe(0, result.ToString());
        (result.StandardOutput + result.StandardError).Should().Contain("unable to get local issuer certificate");
    }

    [PeerFact(OpenSsl)]
    public async Task X509Text_GatewayLeaf_ShowsSpiffeUriUsagesAndP256()
    {
        RequirePeer.Present(OpenSsl);
        var leaf = Write("leaf.pem", _ca.IssueGateway("east", ["gateway.east.test"]).CertificatePem);

        var result = await RunAsync("x509", "-in", leaf, "-noout", "-text");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should()
            .Contain("URI:spiffe://clusterset.local/cluster/east/gateway")
            .And.Contain("DNS:gateway.east.test")
            .And.Contain("TLS Web Server Authentication, TLS Web Client Authentication")
            .And.Contain("Digital Signature")
            .And.Contain("CA:FALSE")
            .And.Contain("NIST CURVE: P-256")
            .And.Contain("Issuer: O = tdcc-mesh, CN = clusterset.local root");
    }

    [PeerFact(OpenSsl)]
    public async Task X509Text_Root_ShowsCaWithPathLengthZeroAndCertSign()
    {
        RequirePeer.Present(OpenSsl);
        var ca = Write("ca.pem", _ca.RootCertificatePem);

        var result = await RunAsync("x509", "-in", ca, "-noout", "-text");

        result.ExitCode.Should().Be(0, result.ToString());
        result.StandardOutput.Should()
            .Contain("CA:TRUE, pathlen:0")
            .And.Contain("Certificate Sign, CRL Sign")
            .And.Contain("Subject: O = tdcc-mesh, CN = clusterset.local root")
            .And.Contain("NIST CURVE: P-256");
    }

    [PeerFact(OpenSsl)]
    public async Task Pkey_Pkcs8Key_HasTheCertificatesPublicKey()
    {
        RequirePeer.Present(OpenSsl);
        var issued = _ca.IssueGateway("east");
        var leaf = Write("leaf.pem", issued.CertificatePem);
        var key = Write("key.pem", issued.PrivateKeyPem);

        var fromKey = await RunAsync("pkey", "-in", key, "-pubout");
        var fromCertificate = await RunAsync("x509", "-in", leaf, "-noout", "-pubkey");

        fromKey.ExitCode.Should().Be(0, fromKey.ToString());
        fromCertificate.ExitCode.Should().Be(0, fromCertificate.ToString());
        fromKey.StandardOutput.Should().Be(fromCertificate.StandardOutput).And.Contain("BEGIN PUBLIC KEY");
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private Task<PeerResult> RunAsync(params string[] arguments) =>
        PeerTools.RunAsync(PeerTools.FindExecutable(OpenSsl)!, arguments, workingDirectory: _dir.FullName, timeout: TimeSpan.FromSeconds(30));
}
