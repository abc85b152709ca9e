using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Gateway.Identity;
using Tdcc.Mesh.Hub.Tests.Support;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Hub.Tests.Identity;

/// <summary>
/// The hub process signs gateway CSRs of joined, Ready clusters and denies the rest, and a gateway's
/// <see cref="CsrCredentialSource"/> obtains and renews its certificate that way, against real API servers.
/// </summary>
[Trait("Category", "Slow")]
public sealed class GatewayCsrSignerTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private HubTestBed bed = null!;

    public async Task InitializeAsync() => bed = await HubTestBed.StartAsync();

    public async Task DisposeAsync() => await bed.DisposeAsync();

    [Fact]
    public async Task Hub_GatewayCsrs_ReadyClusterSignedOthersDeniedWithReason()
    {
        await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        await bed.StartAgentAsync("east", token, Timeout);
        (await Eventually(async () => ConditionSet.IsTrue((await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "east"))?.Status?.Conditions, ClusterConditions.Ready)))
            .Should().BeTrue("the hub judges east's heartbeats");
        await bed.Hub.Resource<ManagedCluster>().CreateAsync(new ManagedCluster { Metadata = new ObjectMeta { Name = "cold" }, Spec = new ManagedClusterSpec { SyncMode = "Pull" } });

        // The trust bundle is published for gateways to read without xDS.
        ConfigMap? bundle = null;
        (await Eventually(async () => (bundle = await bed.Hub.Resource<ConfigMap>().GetAsync("tdcc-mesh-system", "tdcc-trust-bundle"))?.Data?.ContainsKey("ca.crt") == true))
            .Should().BeTrue("the hub publishes tdcc-trust-bundle");
        using var root = X509Certificate2.CreateFromPem(bundle!.Data!["ca.crt"]);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await SubmitAsync("east-gw", Request(key, "spiffe://clusterset.local/cluster/east/gateway"), expirationSeconds: 3600);
        var signed = await WaitAsync("east-gw", c => c.Status?.Certificate is { Length: > 0 });
        signed.Condition(CertificateSigningRequest.Approved)!.Reason.Should().Be("TdccGatewayApproved");
        var chainPem = Encoding.UTF8.GetString(signed.Status!.Certificate!);
        var certificates = new X509Certificate2Collection();
        certificates.ImportFromPem(chainPem);
        certificates.Should().HaveCount(2, "leaf then the CA");
        using var leaf = certificates[0];
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(root);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.Build(leaf).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Should().ContainSingle();
        leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().Should().Equal(key.ExportSubjectPublicKeyInfo(), "signed over the requester's key");
        SpiffeUris(leaf).Should().Equal("spiffe://clusterset.local/cluster/east/gateway");
        (leaf.NotAfter.ToUniversalTime() - DateTime.UtcNow).Should().BeCloseTo(TimeSpan.FromHours(1), TimeSpan.FromMinutes(2), "expirationSeconds is honoured under the CA's bound");

        await SubmitAsync("ghost-gw", Request(key, "spiffe://clusterset.local/cluster/ghost/gateway"));
        (await WaitDeniedAsync("ghost-gw")).Should().Contain("cluster ghost is not a member of the clusterset");

        await SubmitAsync("cold-gw", Request(key, "spiffe://clusterset.local/cluster/cold/gateway"));
        (await WaitDeniedAsync("cold-gw")).Should().Contain("cluster cold has not joined the clusterset");

        await SubmitAsync("wrong-san", Request(key, "spiffe://clusterset.local/ns/default/sa/east"));
        (await WaitDeniedAsync("wrong-san")).Should().Contain("is not a gateway identity");

        await SubmitAsync("other-domain", Request(key, "spiffe://evil.example/cluster/east/gateway"));
        (await WaitDeniedAsync("other-domain")).Should().Contain("is not a SPIFFE ID of the trust domain clusterset.local");

        await SubmitAsync("extra-dns", Request(key, "spiffe://clusterset.local/cluster/east/gateway", dns: "east.example"));
        (await WaitDeniedAsync("extra-dns")).Should().Contain("exactly one SAN");

        using var weak = RSA.Create(1024);
        await SubmitAsync("weak-rsa", Request(weak, "spiffe://clusterset.local/cluster/east/gateway"));
        (await WaitDeniedAsync("weak-rsa")).Should().Contain("the RSA key has 1024 bits");
    }

    [Fact]
    public async Task CsrCredentialSource_AgainstHub_ObtainsThenRenewsWithNewSerialBeforeExpiry()
    {
        await bed.StartHubAsync("hub-0");
        var token = await BootstrapTokens.CreateAsync(bed.Hub, TimeSpan.FromHours(1), TimeProvider.System);
        await bed.StartAgentAsync("east", token, Timeout);
        (await Eventually(async () => ConditionSet.IsTrue((await bed.Hub.Resource<ManagedCluster>().GetAsync(null, "east"))?.Status?.Conditions, ClusterConditions.Ready)))
            .Should().BeTrue();

        // The gateway's clock is fake, so renewal (at 2/3 of a 10-minute certificate) can be brought forward.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var source = CsrCredentialSource.Start(bed.Hub, new CsrCredentialSourceOptions { Cluster = "east", RequestedLifetime = TimeSpan.FromMinutes(10) }, clock);
        await source.WaitForCredentialsAsync(CancellationToken.None).WaitAsync(Timeout);
        var first = source.Current!;
        first.Certificate.HasPrivateKey.Should().BeTrue();
        first.TrustDomain.Should().Be("clusterset.local");
        SpiffeUris(first.Certificate).Should().Equal("spiffe://clusterset.local/cluster/east/gateway");
        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(first.TrustBundle);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.Build(first.Certificate).Should().BeTrue("the certificate chains to the published trust bundle");
        }

        var status = source.Status;
        status.SerialNumber.Should().Be(first.Certificate.SerialNumber);
        status.NextRenewal.Should().BeCloseTo(clock.GetUtcNow() + TimeSpan.FromMinutes(10 * 2.0 / 3.0), TimeSpan.FromSeconds(20));
        (await Eventually(async () => !(await bed.Hub.Resource<CertificateSigningRequest>().ListAsync()).Items.Any()))
            .Should().BeTrue("the answered CSR object is deleted");

        var changed = new TaskCompletionSource();
        using var registration = source.GetChangeToken().RegisterChangeCallback(_ => changed.TrySetResult(), null);
        clock.Advance(TimeSpan.FromMinutes(7));
        await changed.Task.WaitAsync(Timeout);
        var second = source.Current!;
        second.Certificate.SerialNumber.Should().NotBe(first.Certificate.SerialNumber, "a new certificate with a new key replaced the first");
        second.Certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().Should().NotEqual(first.Certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo());
        DateTime.UtcNow.Should().BeBefore(first.Certificate.NotAfter.ToUniversalTime(), "the new one is in force before the old one expires");
        first.Certificate.HasPrivateKey.Should().BeTrue("the old credentials stay usable for connections made with them");
    }

    [Fact]
    public async Task CsrCredentialSource_UnknownCluster_DeniedWithHubsReason()
    {
        await bed.StartHubAsync("hub-0");
        await using var source = CsrCredentialSource.Start(bed.Hub, new CsrCredentialSourceOptions { Cluster = "ghost" }, new FakeTimeProvider(DateTimeOffset.UtcNow));
        (await Eventually(() => Task.FromResult(source.Status.LastError is not null))).Should().BeTrue();
        source.Status.LastError.Should().Contain("denied").And.Contain("cluster ghost is not a member of the clusterset");
        source.Current.Should().BeNull();
    }

    private static string Request(AsymmetricAlgorithm key, string uri, string? dns = null)
    {
        var request = key is ECDsa ec
            ? new CertificateRequest("O=tdcc-mesh", ec, HashAlgorithmName.SHA256)
            : new CertificateRequest("O=tdcc-mesh", (RSA)key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(uri));
        if (dns is not null)
        {
            san.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }

    private static List<string> SpiffeUris(X509Certificate2 certificate)
    {
        var san = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var reader = new System.Formats.Asn1.AsnReader(san.RawData, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var uriTag = new System.Formats.Asn1.Asn1Tag(System.Formats.Asn1.TagClass.ContextSpecific, 6);
        var uris = new List<string>();
        while (reader.HasData)
        {
            uris.Add(reader.ReadCharacterString(System.Formats.Asn1.UniversalTagNumber.IA5String, uriTag));
        }

        return uris;
    }

    private Task<CertificateSigningRequest> SubmitAsync(string name, string pem, int? expirationSeconds = null) =>
        bed.Hub.Resource<CertificateSigningRequest>().CreateAsync(new CertificateSigningRequest
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new CertificateSigningRequestSpec
            {
                Request = Encoding.UTF8.GetBytes(pem),
                SignerName = "tdcc.io/gateway",
                Usages = ["digital signature", "server auth", "client auth"],
                ExpirationSeconds = expirationSeconds,
            },
        });

    private async Task<string> WaitDeniedAsync(string name)
    {
        var denied = await WaitAsync(name, c => c.Condition(CertificateSigningRequest.Denied) is not null);
        denied.Status!.Certificate.Should().BeNull();
        denied.Condition(CertificateSigningRequest.Denied)!.Reason.Should().Be("TdccGatewayDenied");
        return denied.Condition(CertificateSigningRequest.Denied)!.Message!;
    }

    private async Task<CertificateSigningRequest> WaitAsync(string name, Func<CertificateSigningRequest, bool> done)
    {
        CertificateSigningRequest? csr = null;
        (await Eventually(async () => (csr = await bed.Hub.Resource<CertificateSigningRequest>().GetAsync(null, name)) is { } c && done(c)))
            .Should().BeTrue($"CSR {name} is handled (last seen: {string.Join("; ", csr?.Status?.Conditions?.Select(c => $"{c.Type} {c.Reason} {c.Message}") ?? [])})");
        return csr!;
    }

    private static async Task<bool> Eventually(Func<Task<bool>> probe)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return false;
    }
}
