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
/// The entry point end to end: CA in a real hub API server, the trust bundle in a snapshot, served over SDS
/// by the real ADS server to our gRPC client, loaded back into X.509 and verified against the served trust bundle.
/// </summary>
public sealed class GatewaySecretSourceTests(ApiServerFixture hub) : IClassFixture<ApiServerFixture>, IAsyncLifetime
{
    private static readonly string EastCertificate = SecretNames.GatewayCertificate("east");
    private static readonly string[] EastNames = [SecretNames.TrustBundle];
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MeshIdentityOptions _options = new() { Authority = new CertificateAuthorityOptions { SecretName = "ca-" + Guid.NewGuid().ToString("N")[..10] } };
    private KubeClient _client = null!;
    private GatewaySecretSource _source = null!;
    private XdsTestServer _xds = null!;

    public async Task InitializeAsync()
    {
        _client = hub.NewClient();
        _source = await GatewaySecretSource.StartAsync(_client, _options, _time);
        _xds = await XdsTestServer.StartAsync(NodeHashes.ByCluster);
    }

    public async Task DisposeAsync()
    {
        await _xds.DisposeAsync();
        await _source.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public void SecretsFor_Cluster_TrustBundleOnlyNoPrivateKey()
    {
        var snapshot = _source.AddSecrets("east", Snapshot.Empty);

        snapshot.Get(TypeUrls.Secret).Items.Keys.Should().BeEquivalentTo(EastNames, "a gateway's key never travels over xDS");
        _source.ResourcesFor("east").Select(resource => resource.Name).Should().BeEquivalentTo(EastNames);
        _source.SecretsFor("east").Should().OnlyContain(secret => secret.TlsCertificate == null);
        var bundle = _source.SecretsFor("east").Single(secret => secret.Name == SecretNames.TrustBundle).ValidationContext;
        bundle.MatchTypedSubjectAltNames.Should().ContainSingle().Which.Matcher.Prefix.Should().Be("spiffe://clusterset.local/");
        bundle.TrustedCa.InlineBytes.ToStringUtf8().Should().Be(_source.Authority.RootCertificatePem);
    }

    [Fact]
    public async Task StartAsync_AfterRestart_SameRootFromTheHub()
    {
        using var client = hub.NewClient();
        await using var restarted = await GatewaySecretSource.StartAsync(client, _options, _time);

        restarted.Authority.RootCertificatePem.Should().Be(_source.Authority.RootCertificatePem);
    }

    [Fact]
    public async Task Sotw_SubscribeSecrets_ServesTrustBundleAndNoGatewayKey()
    {
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        await using var client = Ads.Sotw(_xds.Address);

        await client.SendAsync(Ads.Request(TypeUrls.Secret, [SecretNames.TrustBundle, EastCertificate], Ads.Node("gw-east-1", "east")));
        var first = await client.ReceiveAsync();

        var secrets = first.Resources.Select(any => any.Unpack<Secret>()).ToList();
        secrets.Select(secret => secret.Name).Should().Equal(SecretNames.TrustBundle);
        secrets[0].ValidationContext.TrustedCa.InlineBytes.ToStringUtf8().Should().Be(_source.Authority.RootCertificatePem);
    }

    [Fact]
    public async Task Delta_SubscribeSecrets_ServesTrustBundleAndNoGatewayKey()
    {
        _xds.Cache.SetSnapshot("east", _source.AddSecrets("east", Snapshot.Empty));
        await using var client = Ads.Delta(_xds.Address);
        var subscribe = new DeltaDiscoveryRequest { TypeUrl = TypeUrls.Secret, Node = Ads.Node("gw-east-1", "east") };
        subscribe.ResourceNamesSubscribe.Add([SecretNames.TrustBundle, EastCertificate]);

        await client.SendAsync(subscribe);
        var first = await client.ReceiveAsync();

        first.Resources.Select(resource => resource.Name).Should().Equal(SecretNames.TrustBundle);
    }
}
