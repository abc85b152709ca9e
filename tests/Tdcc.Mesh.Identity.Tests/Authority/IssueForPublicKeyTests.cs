using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity.Tests.Authority;

/// <summary>The CA signs over a requester's public key (certificate signing requests), bounded in lifetime.</summary>
public sealed class IssueForPublicKeyTests
{
    [Fact]
    public void IssueForPublicKey_EcdsaKey_ChainValidatesAndKeyIsTheRequesters()
    {
        using var ca = MeshCertificateAuthority.Create();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var publicKey = new CertificateRequest("O=x", key, HashAlgorithmName.SHA256).PublicKey;

        var signed = ca.IssueForPublicKey(SpiffeId.ForGateway(ca.TrustDomain, "east"), publicKey, TimeSpan.FromHours(1));

        using var leaf = X509Certificate2.CreateFromPem(signed.CertificatePem);
        leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().Should().Equal(key.ExportSubjectPublicKeyInfo());
        using var root = ca.CreateRootCertificate();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(leaf).Should().BeTrue();
        (signed.NotAfter - signed.IssuedAt).Should().BeCloseTo(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1));
        signed.CertificateChainPem.Should().StartWith(signed.CertificatePem).And.EndWith(ca.RootCertificatePem);
    }

    [Fact]
    public void IssueForPublicKey_RequestBeyondBound_ClampedToLeafLifetime()
    {
        using var ca = MeshCertificateAuthority.Create(new CertificateAuthorityOptions { LeafLifetime = TimeSpan.FromHours(2) });
        using var key = RSA.Create(2048);
        var publicKey = new CertificateRequest("O=x", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1).PublicKey;

        var signed = ca.IssueForPublicKey(SpiffeId.ForGateway(ca.TrustDomain, "east"), publicKey, TimeSpan.FromDays(30));

        (signed.NotAfter - signed.IssuedAt).Should().BeCloseTo(TimeSpan.FromHours(2), TimeSpan.FromSeconds(1));
    }
}
