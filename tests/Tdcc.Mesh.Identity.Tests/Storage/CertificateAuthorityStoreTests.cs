using System.Text;
using NSubstitute;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Storage;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Identity.Tests.Storage;

public sealed class CertificateAuthorityStoreTests(ApiServerFixture hub) : IClassFixture<ApiServerFixture>
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task LoadOrCreateAsync_Absent_StoresTlsSecretWithCaCrt()
    {
        var options = Options();
        using var client = hub.NewClient();

        using var ca = await CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time);

        var secret = (await client.Resource<Secret>().GetAsync(options.SecretNamespace, options.SecretName))!;
        secret.Type.Should().Be("kubernetes.io/tls");
        secret.Data!.Keys.Should().BeEquivalentTo(["tls.crt", "tls.key", "ca.crt"]);
        Decode(secret, "tls.crt").Should().Be(ca.RootCertificatePem);
        Decode(secret, "ca.crt").Should().Be(ca.RootCertificatePem);
        Decode(secret, "tls.key").Should().StartWith("-----BEGIN PRIVATE KEY-----");
        secret.Metadata.Annotations![CertificateAuthorityStore.TrustDomainAnnotation].Should().Be("clusterset.local");
    }

    [Fact]
    public async Task LoadOrCreateAsync_AfterRestart_LoadsTheIdenticalRoot()
    {
        var options = Options();
        string rootPem;
        string keyPem;
        IssuedCertificate before;
        using (var client = hub.NewClient())
        using (var first = await CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time))
        {
            rootPem = first.RootCertificatePem;
            keyPem = first.ExportPrivateKeyPem();
            before = first.IssueGateway("east");
        }

        using var restarted = hub.NewClient();
        using var second = await CertificateAuthorityStore.LoadOrCreateAsync(restarted, options, _time);

        second.RootCertificatePem.Should().Be(rootPem);
        second.ExportPrivateKeyPem().Should().Be(keyPem);
        using var after = Certificates.Load(second.IssueGateway("west").CertificatePem);
        using var old = Certificates.Load(before.CertificatePem);
        Certificates.Verify(after, rootPem, _time.GetUtcNow()).Valid.Should().BeTrue();
        Certificates.Verify(old, second.RootCertificatePem, _time.GetUtcNow()).Valid.Should().BeTrue();
    }

    [Fact]
    public async Task LoadOrCreateAsync_ConcurrentHubs_AllShareOneRoot()
    {
        var options = Options();
        var clients = Enumerable.Range(0, 4).Select(_ => hub.NewClient()).ToList();
        try
        {
            var authorities = await Task.WhenAll(clients.Select(client => Task.Run(() => CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time))));
            using var stored = await CertificateAuthorityStore.LoadOrCreateAsync(clients[0], options, _time);

            authorities.Select(ca => ca.RootCertificatePem).Distinct().Should().Equal(stored.RootCertificatePem);
            foreach (var ca in authorities)
            {
                ca.Dispose();
            }
        }
        finally
        {
            clients.ForEach(client => client.Dispose());
        }
    }

    [Fact]
    public async Task LoadOrCreateAsync_CreateRaceLost_LoadsTheWinnersRoot()
    {
        var options = Options();
        using var real = hub.NewClient();
        using var winner = MeshCertificateAuthority.Create(options, _time);
        var secrets = Substitute.For<IResourceClient<Secret>>();
        secrets.GetAsync(Arg.Any<string?>(), Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns(call => real.Resource<Secret>().GetAsync(call.ArgAt<string?>(0), call.ArgAt<string>(1), call.ArgAt<CancellationToken>(2)));
        secrets.CreateAsync(Arg.Any<Secret>(), Arg.Any<WriteOptions?>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                // Another hub stores its root between our read and our create.
                await real.Resource<Secret>().CreateAsync(CertificateAuthorityStore.ToSecret(winner, options));
                return await real.Resource<Secret>().CreateAsync(call.Arg<Secret>());
            });
        var client = Substitute.For<IKubeClient>();
        client.Resource<Secret>().Returns(secrets);
        client.Resource<Namespace>().Returns(real.Resource<Namespace>());

        using var loaded = await CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time);

        loaded.RootCertificatePem.Should().Be(winner.RootCertificatePem);
        Decode((await real.Resource<Secret>().GetAsync(options.SecretNamespace, options.SecretName))!, "tls.crt").Should().Be(winner.RootCertificatePem);
    }

    public static TheoryData<string, string> Malformations => new()
    {
        { "missing-key", "*data 'tls.key' is missing*" },
        { "garbage-certificate", "*not a PEM X.509 certificate*" },
        { "foreign-key", "*private key does not belong*" },
        { "leaf-as-root", "*not a CA certificate*" },
        { "other-trust-domain", "*trust domain 'elsewhere.example', not 'clusterset.local'*" },
        { "empty-certificate", "*data 'tls.crt' is missing or not base64*" },
    };

    [Theory]
    [MemberData(nameof(Malformations))]
    public async Task LoadOrCreateAsync_MalformedSecret_ThrowsNamingTheSecretAndKeepsIt(string malformation, string message)
    {
        var options = Options();
        using var client = hub.NewClient();
        using (var original = await CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time))
        {
            using var other = MeshCertificateAuthority.Create(options, _time);
            var leaf = original.IssueGateway("east");
            var stored = (await client.Resource<Secret>().GetAsync(options.SecretNamespace, options.SecretName))!;
            var data = stored.Data!;
            var broken = malformation switch
            {
                "missing-key" => stored with { Data = data.Remove("tls.key") },
                "garbage-certificate" => stored with { Data = data.SetItem("tls.crt", Encode("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")) },
                "foreign-key" => stored with { Data = data.SetItem("tls.key", Encode(other.ExportPrivateKeyPem())) },
                "leaf-as-root" => stored with { Data = data.SetItem("tls.crt", Encode(leaf.CertificatePem)).SetItem("tls.key", Encode(leaf.PrivateKeyPem)) },
                "other-trust-domain" => stored with { Metadata = stored.Metadata with { Annotations = stored.Metadata.Annotations!.SetItem(CertificateAuthorityStore.TrustDomainAnnotation, "elsewhere.example") } },
                "empty-certificate" => stored with { Data = data.SetItem("tls.crt", string.Empty) },
                _ => throw new ArgumentOutOfRangeException(nameof(malformation)),
            };
            await client.Resource<Secret>().UpdateAsync(broken);
        }

        var before = (await client.Resource<Secret>().GetAsync(options.SecretNamespace, options.SecretName))!;

        var act = () => CertificateAuthorityStore.LoadOrCreateAsync(client, options, _time);

        var thrown = await act.Should().ThrowAsync<CertificateAuthorityException>().WithMessage($"*Secret tdcc-mesh-system/{options.SecretName}*");
        thrown.WithMessage(message);
        thrown.Which.SecretNamespace.Should().Be("tdcc-mesh-system");
        thrown.Which.SecretName.Should().Be(options.SecretName);
        var after = (await client.Resource<Secret>().GetAsync(options.SecretNamespace, options.SecretName))!;
        after.Metadata.ResourceVersion.Should().Be(before.Metadata.ResourceVersion, "a malformed root is never replaced silently");
    }

    private static CertificateAuthorityOptions Options() => new() { SecretName = "ca-" + Guid.NewGuid().ToString("N")[..10] };

    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string Decode(Secret secret, string key) => Encoding.UTF8.GetString(Convert.FromBase64String(secret.Data![key]));
}
