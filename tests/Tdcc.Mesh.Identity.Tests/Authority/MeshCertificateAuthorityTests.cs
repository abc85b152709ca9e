using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Identity.Tests.Authority;

public sealed class MeshCertificateAuthorityTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly MeshCertificateAuthority _ca;

    public MeshCertificateAuthorityTests()
    {
        _ca = MeshCertificateAuthority.Create(time: _time);
    }

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void Create_Defaults_SelfSignedP256RootWithPathLengthZero()
    {
        using var root = _ca.CreateRootCertificate();

        root.SubjectName.Name.Should().Be("CN=clusterset.local root, O=tdcc-mesh");
        root.IssuerName.Name.Should().Be(root.SubjectName.Name);
        var constraints = Certificates.Extension<X509BasicConstraintsExtension>(root);
        constraints.CertificateAuthority.Should().BeTrue();
        constraints.HasPathLengthConstraint.Should().BeTrue();
        constraints.PathLengthConstraint.Should().Be(0);
        constraints.Critical.Should().BeTrue();
        var usage = Certificates.Extension<X509KeyUsageExtension>(root);
        usage.KeyUsages.Should().Be(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);
        usage.Critical.Should().BeTrue();
        using var key = root.GetECDsaPublicKey()!;
        key.ExportParameters(false).Curve.Oid.Value.Should().Be(ECCurve.NamedCurves.nistP256.Oid.Value);
        _ca.RootNotBefore.Should().Be(_time.GetUtcNow() - TimeSpan.FromMinutes(5));
        _ca.RootNotAfter.Should().Be(_time.GetUtcNow() + TimeSpan.FromDays(3650));
        _ca.TrustDomain.Should().Be("clusterset.local");
    }

    [Fact]
    public void IssueGateway_Leaf_HasSpiffeUriDnsSansUsagesAndBackdatedValidity()
    {
        var issued = _ca.IssueGateway("east", ["gateway.east.svc", "east.gateway.clusterset.local"]);
        using var leaf = Certificates.Load(issued.CertificatePem);

        Certificates.UriSans(leaf).Should().Equal("spiffe://clusterset.local/cluster/east/gateway");
        issued.SpiffeId.ToString().Should().Be("spiffe://clusterset.local/cluster/east/gateway");
        Certificates.DnsSans(leaf).Should().Equal("gateway.east.svc", "east.gateway.clusterset.local");
        Certificates.Extension<X509EnhancedKeyUsageExtension>(leaf).EnhancedKeyUsages.Cast<Oid>().Select(oid => oid.Value)
            .Should().BeEquivalentTo([Certificates.ServerAuth, Certificates.ClientAuth]);
        var usage = Certificates.Extension<X509KeyUsageExtension>(leaf);
        usage.KeyUsages.Should().Be(X509KeyUsageFlags.DigitalSignature);
        usage.Critical.Should().BeTrue();
        var constraints = Certificates.Extension<X509BasicConstraintsExtension>(leaf);
        constraints.CertificateAuthority.Should().BeFalse();
        constraints.Critical.Should().BeTrue();
        using var key = leaf.GetECDsaPublicKey()!;
        key.ExportParameters(false).Curve.Oid.Value.Should().Be(ECCurve.NamedCurves.nistP256.Oid.Value);
        new DateTimeOffset(leaf.NotBefore).Should().Be(_time.GetUtcNow() - TimeSpan.FromMinutes(5));
        new DateTimeOffset(leaf.NotAfter).Should().Be(_time.GetUtcNow() + TimeSpan.FromHours(24));
        issued.NotAfter.Should().Be(new DateTimeOffset(leaf.NotAfter));
        leaf.Issuer.Should().Be("CN=clusterset.local root, O=tdcc-mesh");
    }

    [Fact]
    public void IssueGateway_AuthorityKeyIdentifier_IsRootSubjectKeyIdentifier()
    {
        using var root = _ca.CreateRootCertificate();
        using var leaf = Certificates.Load(_ca.IssueGateway("east").CertificatePem);

        Certificates.Extension<X509AuthorityKeyIdentifierExtension>(leaf).KeyIdentifier!.Value.ToArray()
            .Should().Equal(Convert.FromHexString(Certificates.Extension<X509SubjectKeyIdentifierExtension>(root).SubjectKeyIdentifier!));
    }

    [Fact]
    public void Issue_Serials_RandomPositiveSixteenBytesAndDistinct()
    {
        var serials = Enumerable.Range(0, 20).Select(_ => _ca.IssueGateway("east").SerialNumber).ToList();

        serials.Should().OnlyHaveUniqueItems();
        serials.Should().AllSatisfy(serial =>
        {
            serial.Should().HaveLength(32);
            Convert.FromHexString(serial)[0].Should().BeInRange(0x40, 0x7F);
        });
    }

    [Fact]
    public void Issue_Chain_BuildsToTheRootWithCustomRootTrust()
    {
        var issued = _ca.IssueGateway("east");
        using var leaf = Certificates.Load(issued.CertificatePem);

        var (valid, status) = Certificates.Verify(leaf, _ca.RootCertificatePem, _time.GetUtcNow());

        valid.Should().BeTrue(status);
        Certificates.CountCertificates(issued.CertificateChainPem).Should().Be(2);
        issued.CertificateChainPem.Should().StartWith(issued.CertificatePem).And.EndWith(_ca.RootCertificatePem);
    }

    [Fact]
    public void Issue_Chain_DoesNotBuildToAnotherRoot()
    {
        using var other = MeshCertificateAuthority.Create(time: _time);
        using var leaf = Certificates.Load(_ca.IssueGateway("east").CertificatePem);

        Certificates.Verify(leaf, other.RootCertificatePem, _time.GetUtcNow()).Valid.Should().BeFalse();
    }

    [Fact]
    public void Issue_Chain_InvalidAfterExpiry()
    {
        using var leaf = Certificates.Load(_ca.IssueGateway("east").CertificatePem);

        Certificates.Verify(leaf, _ca.RootCertificatePem, _time.GetUtcNow() + TimeSpan.FromHours(25)).Valid.Should().BeFalse();
    }

    [Fact]
    public void Issue_PrivateKey_Pkcs8PemMatchingTheCertificate()
    {
        var issued = _ca.IssueGateway("east");

        issued.PrivateKeyPem.Should().StartWith("-----BEGIN PRIVATE KEY-----");
        using var certificate = issued.ToX509Certificate();
        certificate.HasPrivateKey.Should().BeTrue();
        Certificates.KeyMatches(certificate).Should().BeTrue();
        issued.ToString().Should().NotContain("PRIVATE KEY");
    }

    [Fact]
    public void IssueWorkload_ServiceAccount_SpiffeIdWithNamespaceAndServiceAccount()
    {
        using var leaf = Certificates.Load(_ca.IssueWorkload("demo", "echo").CertificatePem);

        Certificates.UriSans(leaf).Should().Equal("spiffe://clusterset.local/ns/demo/sa/echo");
        Certificates.Verify(leaf, _ca.RootCertificatePem, _time.GetUtcNow()).Valid.Should().BeTrue();
    }

    [Fact]
    public void Issue_CustomTrustDomainAndLifetime_Used()
    {
        using var ca = MeshCertificateAuthority.Create(new CertificateAuthorityOptions { TrustDomain = "mesh.example", LeafLifetime = TimeSpan.FromHours(1) }, _time);
        using var root = ca.CreateRootCertificate();
        using var leaf = Certificates.Load(ca.IssueGateway("west").CertificatePem);

        root.SubjectName.Name.Should().Be("CN=mesh.example root, O=tdcc-mesh");
        Certificates.UriSans(leaf).Should().Equal("spiffe://mesh.example/cluster/west/gateway");
        new DateTimeOffset(leaf.NotAfter).Should().Be(_time.GetUtcNow() + TimeSpan.FromHours(1));
    }

    [Fact]
    public void Issue_OtherTrustDomain_Throws()
    {
        var act = () => _ca.Issue(SpiffeId.ForGateway("elsewhere.example", "east"));

        act.Should().Throw<ArgumentException>().WithMessage("*not in the CA's trust domain clusterset.local*");
    }

    [Fact]
    public void Issue_NearRootExpiry_NeverOutlivesTheRoot()
    {
        using var ca = MeshCertificateAuthority.Create(new CertificateAuthorityOptions { RootLifetime = TimeSpan.FromHours(30) }, _time);
        _time.Advance(TimeSpan.FromHours(20));

        var issued = ca.IssueGateway("east");

        issued.NotAfter.Should().Be(ca.RootNotAfter);
    }

    [Fact]
    public void Issue_AfterRootExpiry_ThrowsClearly()
    {
        using var ca = MeshCertificateAuthority.Create(new CertificateAuthorityOptions { RootLifetime = TimeSpan.FromHours(30) }, _time);
        _time.Advance(TimeSpan.FromHours(31));

        var act = () => ca.IssueGateway("east");

        act.Should().Throw<CertificateAuthorityException>().WithMessage("*expired*");
    }

    [Fact]
    public void FromPem_StoredRoot_IssuesCertificatesChainingToTheSameRoot()
    {
        using var loaded = MeshCertificateAuthority.FromPem(_ca.RootCertificatePem, _ca.ExportPrivateKeyPem(), time: _time);
        using var leaf = Certificates.Load(loaded.IssueGateway("east").CertificatePem);

        loaded.RootCertificatePem.Should().Be(_ca.RootCertificatePem);
        loaded.RootSerialNumber.Should().Be(_ca.RootSerialNumber);
        Certificates.Verify(leaf, _ca.RootCertificatePem, _time.GetUtcNow()).Valid.Should().BeTrue();
    }

    [Fact]
    public void FromPem_KeyOfAnotherRoot_Throws()
    {
        using var other = MeshCertificateAuthority.Create(time: _time);

        var act = () => MeshCertificateAuthority.FromPem(_ca.RootCertificatePem, other.ExportPrivateKeyPem(), time: _time);

        act.Should().Throw<CertificateAuthorityException>().WithMessage("*private key does not belong*");
    }

    [Fact]
    public void FromPem_LeafInsteadOfRoot_Throws()
    {
        var leaf = _ca.IssueGateway("east");

        var act = () => MeshCertificateAuthority.FromPem(leaf.CertificatePem, leaf.PrivateKeyPem, time: _time);

        act.Should().Throw<CertificateAuthorityException>().WithMessage("*not a CA certificate*");
    }

    [Theory]
    [InlineData("not a certificate", "*not a PEM X.509 certificate*")]
    [InlineData("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "*not a PEM X.509 certificate*")]
    public void FromPem_GarbageCertificate_Throws(string certificatePem, string message)
    {
        var act = () => MeshCertificateAuthority.FromPem(certificatePem, _ca.ExportPrivateKeyPem(), time: _time);

        act.Should().Throw<CertificateAuthorityException>().WithMessage(message);
    }

    [Fact]
    public void FromPem_GarbageKey_Throws()
    {
        var act = () => MeshCertificateAuthority.FromPem(_ca.RootCertificatePem, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", time: _time);

        act.Should().Throw<CertificateAuthorityException>().WithMessage("*not a PEM ECDSA private key*");
    }

    [Fact]
    public void FromPem_ExpiredRoot_Throws()
    {
        _time.Advance(TimeSpan.FromDays(3651));

        var act = () => MeshCertificateAuthority.FromPem(_ca.RootCertificatePem, _ca.ExportPrivateKeyPem(), time: _time);

        act.Should().Throw<CertificateAuthorityException>().WithMessage("*expired*");
    }

    [Fact]
    public void Issue_AfterDispose_Throws()
    {
        using var ca = MeshCertificateAuthority.Create(time: _time);
        ca.Dispose();

        var act = () => ca.IssueGateway("east");

        act.Should().Throw<ObjectDisposedException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a/b")]
    public void IssueGateway_InvalidCluster_Throws(string cluster)
    {
        var act = () => _ca.IssueGateway(cluster);

        act.Should().Throw<ArgumentException>();
    }
}
