using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Tests.Translation;

public sealed class SecretTranslatorTests : IAsyncLifetime
{
    private const string SpiffeEast = "spiffe://clusterset.local/cluster/east/gateway";
    private static readonly string EastCertificate = SecretNames.GatewayCertificate("east");
    private static readonly string[] EastNames = [EastCertificate, SecretNames.TrustBundle];
    private readonly TestCa _ca = new();
    private XdsTestServer _server = null!;

    public async Task InitializeAsync() => _server = await XdsTestServer.StartAsync(NodeHashes.ByCluster);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _ca.Dispose();
    }

    [Fact]
    public void GatewayCertificate_Pem_TlsCertificateWithInlineBytesUnderTheGatewayName()
    {
        var (chain, key) = _ca.Issue(SpiffeEast);

        var secret = SecretTranslator.GatewayCertificate("east", new TlsCertificateModel(chain, key));

        secret.Name.Should().Be("tdcc-mesh/gateway/east");
        secret.TypeCase.Should().Be(Secret.TypeOneofCase.TlsCertificate);
        secret.TlsCertificate.CertificateChain.InlineBytes.ToStringUtf8().Should().Be(chain);
        secret.TlsCertificate.PrivateKey.InlineBytes.ToStringUtf8().Should().Be(key);
    }

    [Fact]
    public void TrustBundle_WithTrustDomain_TrustedCaAndSpiffeUriPrefixMatcher()
    {
        var secret = SecretTranslator.TrustBundle(new TrustBundleModel(_ca.RootPem, "clusterset.local"));

        secret.Name.Should().Be(SecretNames.TrustBundle);
        secret.ValidationContext.TrustedCa.InlineBytes.ToStringUtf8().Should().Be(_ca.RootPem);
        var matcher = secret.ValidationContext.MatchTypedSubjectAltNames.Should().ContainSingle().Subject;
        matcher.SanType.Should().Be(SubjectAltNameMatcher.Types.SanType.Uri);
        matcher.Matcher.Prefix.Should().Be("spiffe://clusterset.local/");
    }

    [Fact]
    public void TrustBundle_WithoutTrustDomain_NoSanMatcher()
    {
        SecretTranslator.TrustBundle(new TrustBundleModel(_ca.RootPem)).ValidationContext.MatchTypedSubjectAltNames.Should().BeEmpty();
    }

    [Fact]
    public void ForGateway_Cluster_CertificateAndBundleThatSnapshotAsSds()
    {
        var (chain, key) = _ca.Issue(SpiffeEast);

        var snapshot = Snapshot.Create(SecretTranslator.ForGateway("east", new TlsCertificateModel(chain, key), new TrustBundleModel(_ca.RootPem, "clusterset.local")));

        snapshot.Get(TypeUrls.Secret).Items.Keys.Should().BeEquivalentTo(EastNames);
    }

    [Fact]
    public void TlsCertificate_NotPem_Throws()
    {
        var act = () => SecretTranslator.GatewayCertificate("east", new TlsCertificateModel("MIIB...", "key"));

        act.Should().Throw<ArgumentException>().WithMessage("*PEM*");
    }

    [Fact]
    public void TlsCertificateModel_ToString_HidesTheKey()
    {
        var (chain, key) = _ca.Issue(SpiffeEast);

        new TlsCertificateModel(chain, key).ToString().Should().NotContain("PRIVATE KEY");
    }

    [Fact]
    public async Task Sotw_SubscribeSecrets_ServedPemChainsToTheBundleAndRotationIsPushed()
    {
        _server.Cache.SetSnapshot("east", Snapshot.Create(_ca.SecretsFor("east", SpiffeEast)));
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Secret, EastNames, Ads.Node("gw-east-1", "east")));
        var first = await client.ReceiveAsync();
        var served = first.Resources.Select(any => any.Unpack<Secret>()).ToDictionary(secret => secret.Name);
        var firstSerial = VerifyServed(served);
        await client.SendAsync(Ads.Ack(first, EastNames));

        _server.Cache.SetSnapshot("east", Snapshot.Create(_ca.SecretsFor("east", SpiffeEast)));
        var pushed = await client.ReceiveAsync();

        pushed.VersionInfo.Should().NotBe(first.VersionInfo);
        pushed.Resources.Select(any => any.Unpack<Secret>().Name).Should().Equal([EastCertificate], "only the certificate changed");
        served[EastCertificate] = pushed.Resources[0].Unpack<Secret>();
        VerifyServed(served).Should().NotBe(firstSerial);
    }

    [Fact]
    public async Task Delta_SubscribeSecrets_ServedPemChainsToTheBundleAndRotationIsPushed()
    {
        _server.Cache.SetSnapshot("east", Snapshot.Create(_ca.SecretsFor("east", SpiffeEast)));
        await using var client = Ads.Delta(_server.Address);
        var subscribe = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Secret, Node = Ads.Node("gw-east-1", "east") };
        subscribe.ResourceNamesSubscribe.Add(EastNames);

        await client.SendAsync(subscribe);
        var first = await client.ReceiveAsync();
        var served = first.Resources.ToDictionary(resource => resource.Name, resource => resource.Resource_.Unpack<Secret>());
        var firstSerial = VerifyServed(served);
        await client.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Secret, ResponseNonce = first.Nonce });

        _server.Cache.SetSnapshot("east", Snapshot.Create(_ca.SecretsFor("east", SpiffeEast)));
        var pushed = await client.ReceiveAsync();

        pushed.Resources.Should().ContainSingle().Which.Name.Should().Be(EastCertificate);
        pushed.Resources[0].Version.Should().NotBe(first.Resources.Single(resource => resource.Name == EastCertificate).Version);
        served[EastCertificate] = pushed.Resources[0].Resource_.Unpack<Secret>();
        VerifyServed(served).Should().NotBe(firstSerial);
    }

    [Fact]
    public async Task Sotw_OtherClustersCertificate_NotInThisClustersView()
    {
        _server.Cache.SetSnapshot("east", Snapshot.Create(_ca.SecretsFor("east", SpiffeEast)));
        _server.Cache.SetSnapshot("west", Snapshot.Create(_ca.SecretsFor("west", "spiffe://clusterset.local/cluster/west/gateway")));
        await using var client = Ads.Sotw(_server.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Secret, [EastCertificate, SecretNames.GatewayCertificate("west")], Ads.Node("gw-east-1", "east")));
        var response = await client.ReceiveAsync();

        response.Resources.Select(any => any.Unpack<Secret>().Name).Should().Equal(EastCertificate);
    }

    /// <summary>Loads the served chain and key into X.509, checks the key and the SPIFFE ID, and builds the chain to the served bundle only.</summary>
    private static string VerifyServed(Dictionary<string, Secret> served)
    {
        var tls = served[EastCertificate].TlsCertificate;
        var bundle = served[SecretNames.TrustBundle].ValidationContext;
        using var leaf = X509Certificate2.CreateFromPem(tls.CertificateChain.InlineBytes.ToStringUtf8(), tls.PrivateKey.InlineBytes.ToStringUtf8());
        using (var privateKey = leaf.GetECDsaPrivateKey()!)
        using (var publicKey = leaf.GetECDsaPublicKey()!)
        {
            var data = RandomNumberGenerator.GetBytes(32);
            publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256).Should().BeTrue();
        }

        TestCa.UriSans(leaf).Should().Equal(SpiffeEast);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.ImportFromPem(bundle.TrustedCa.InlineBytes.ToStringUtf8());
        chain.Build(leaf).Should().BeTrue(string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation)));
        return leaf.SerialNumber;
    }

    /// <summary>
    /// A minimal CA for these tests (the mesh CA lives in Tdcc.Mesh.Identity, which this project does not reference):
    /// an ECDSA root and leaves with one URI SAN.
    /// </summary>
    private sealed class TestCa : IDisposable
    {
        private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        private readonly X509Certificate2 _root;

        public TestCa()
        {
            var request = new CertificateRequest("CN=test root", _key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            _root = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            RootPem = _root.ExportCertificatePem() + "\n";
        }

        public string RootPem { get; }

        public static List<string> UriSans(X509Certificate2 certificate)
        {
            var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            var uri = new Asn1Tag(TagClass.ContextSpecific, 6);
            var uris = new List<string>();
            while (reader.HasData)
            {
                if (reader.PeekTag() == uri)
                {
                    uris.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, uri));
                }
                else
                {
                    reader.ReadEncodedValue();
                }
            }

            return uris;
        }

        /// <summary>A fresh leaf each call (new key, new serial): what a rotation produces.</summary>
        public (string ChainPem, string KeyPem) Issue(string spiffeId)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("O=tdcc-mesh", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddUri(new Uri(spiffeId));
            request.CertificateExtensions.Add(san.Build());
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            using var leaf = request.Create(_root, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), RandomNumberGenerator.GetBytes(16));
            return (leaf.ExportCertificatePem() + "\n" + RootPem, key.ExportPkcs8PrivateKeyPem());
        }

        public IReadOnlyList<Secret> SecretsFor(string cluster, string spiffeId)
        {
            var (chain, key) = Issue(spiffeId);
            return SecretTranslator.ForGateway(cluster, new TlsCertificateModel(chain, key), new TrustBundleModel(RootPem, "clusterset.local"));
        }

        public void Dispose()
        {
            _root.Dispose();
            _key.Dispose();
        }
    }
}
