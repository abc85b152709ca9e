using System.Security.Cryptography.X509Certificates;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Testing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Tests.Server;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Identity.Tests.Sds;

/// <summary>
/// The entry point end to end: CA in a real hub API server, gateway certificates, Secrets in a snapshot, served over SDS
/// by the real ADS server to our gRPC client, loaded back into X.509 and verified against the served trust bundle.
/// </summary>
public sealed class GatewaySecretSourceTests(ApiServerFixture hub) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private static readonly string EastCertificate = SecretNames.GatewayCertificate("east");
    private static readonly string[] EastNames = [EastCertificate, SecretNames.TrustBundle];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MeshIdentityOptions _options = new() { Authority = new CertificateAuthorityOptions { SecretName = "ca-" + Guid.NewGuid().ToString("N")[..10] } };
    private KubeClient _client = null!;
    private GatewaySecretSource _source = null!;
    private XdsTestServer _xds = null!;

    public async Task InitializeAsync()
    {
        _client = hub.NewClient();
        _source = await GatewaySecretSource.StartAsync(_client, ["east", "west"], _options, _time);
        _xds = await XdsTestServer.StartAsync(NodeHashes.ByCluster);
    }

    public async Task DisposeAsync()
    {
        await _xds.DisposeAsync();
        await _source.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public void SecretsFor_Cluster_OwnGatewayCertificateAndTrustBundleOnly()
    {
        var snapshot = _source.AddSecrets("east", Snapshot.Empty);

        snapshot.Get(TypeUrls.Secret).Items.Keys.Should().BeEquivalentTo(EastNames);
        _source.ResourcesFor("east").Select(resource => resource.Name).Should().BeEquivalentTo(EastNames);
        var bundle = _source.SecretsFor("east").Single(secret => secret.Name == SecretNames.TrustBundle).ValidationContext;
        bundle.MatchTypedSubjectAltNames.Should().ContainSingle().Which.Matcher.Prefix.Should().Be("spiffe://clusterset.local/");
    }

    [Fact]
    public async Task StartAsync_AfterRestart_SameRootFromTheHub()
    {
        using var client = hub.NewClient();
        await using var restarted = await GatewaySecretSource.StartAsync(client, ["east"], _options, _time);

        restarted.Authority.RootCertificatePem.Should().Be(_source.Authority.RootCertificatePem);
    }

    [Fact]
    public async Task Sotw_SubscribeSecrets_ServesVerifiableCertificateAndPushesRotation()
    {
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        await using var client = Ads.Sotw(_xds.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Secret, EastNames, Ads.Node("gw-east-1", "east")));
        var first = await client.ReceiveAsync();
        var firstSerial = VerifyServed(first.Resources.Select(any => any.Unpack<Secret>()).ToList());
        await client.SendAsync(Ads.Ack(first, EastNames));

        _time.Advance(TimeSpan.FromHours(16));
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        var pushed = await client.ReceiveAsync();

        pushed.VersionInfo.Should().NotBe(first.VersionInfo);
        var rotated = pushed.Resources.Select(any => any.Unpack<Secret>()).ToList();
        rotated.Select(secret => secret.Name).Should().Equal([EastCertificate], "only the rotated certificate changed");
        var secondSerial = VerifyServed([.. rotated, .. first.Resources.Select(any => any.Unpack<Secret>()).Where(secret => secret.Name == SecretNames.TrustBundle)]);
        secondSerial.Should().NotBe(firstSerial);
    }

    [Fact]
    public async Task Delta_SubscribeSecrets_ServesVerifiableCertificateAndPushesRotation()
    {
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        await using var client = Ads.Delta(_xds.Address);
        var subscribe = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Secret, Node = Ads.Node("gw-east-1", "east") };
        subscribe.ResourceNamesSubscribe.Add(EastNames);

        await client.SendAsync(subscribe);
        var first = await client.ReceiveAsync();
        var served = first.Resources.ToDictionary(resource => resource.Name, resource => resource.Resource_.Unpack<Secret>());
        var firstSerial = VerifyServed([.. served.Values]);
        await client.SendAsync(new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Secret, ResponseNonce = first.Nonce });

        _time.Advance(TimeSpan.FromHours(16));
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        var pushed = await client.ReceiveAsync();

        pushed.Resources.Should().ContainSingle().Which.Name.Should().Be(EastCertificate);
        pushed.Resources[0].Version.Should().NotBe(first.Resources.Single(resource => resource.Name == EastCertificate).Version);
        served[EastCertificate] = pushed.Resources[0].Resource_.Unpack<Secret>();
        VerifyServed([.. served.Values]).Should().NotBe(firstSerial);
    }

    [Fact]
    public async Task WatchAsync_Rotation_YieldsTheNewSecrets()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = _source.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        (await watch.MoveNextAsync()).Should().BeTrue();
        var first = watch.Current;
        first.Keys.Should().BeEquivalentTo(["east", "west"]);
        var next = watch.MoveNextAsync().AsTask();
        _time.Advance(TimeSpan.FromHours(16));

        (await next).Should().BeTrue();
        watch.Current["east"].Single(secret => secret.Name == EastCertificate)
            .Should().NotBe(first["east"].Single(secret => secret.Name == EastCertificate));
    }

    [Fact]
    public void UntilNextRotation_FreshCertificates_TwoThirdsOfTheirLifetime()
    {
        // Certificate times have whole seconds; the fake clock started within one.
        _source.UntilNextRotation().Should().BeCloseTo(TimeSpan.FromHours(16), TimeSpan.FromSeconds(1));
    }

    /// <summary>Loads the served certificate chain and key, checks the key, the SPIFFE ID and the chain to the served bundle; returns the serial.</summary>
    private string VerifyServed(IReadOnlyList<Secret> secrets)
    {
        var tls = secrets.Single(secret => secret.Name == EastCertificate).TlsCertificate;
        var bundle = secrets.Single(secret => secret.Name == SecretNames.TrustBundle).ValidationContext;
        using var leaf = X509Certificate2.CreateFromPem(tls.CertificateChain.InlineBytes.ToStringUtf8(), tls.PrivateKey.InlineBytes.ToStringUtf8());
        Certificates.KeyMatches(leaf).Should().BeTrue();
        Certificates.UriSans(leaf).Should().Equal("spiffe://clusterset.local/cluster/east/gateway");
        var (valid, status) = Certificates.Verify(leaf, bundle.TrustedCa.InlineBytes.ToStringUtf8(), _time.GetUtcNow());
        valid.Should().BeTrue(status);
        return leaf.SerialNumber;
    }
}
