using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// One mesh CA and a gateway certificate for each hop (clusters <c>a</c> and <c>b</c>), written as PEM files for nginx
/// and kept as issued for our gateways: both chains authenticate the hop between them with the same keys.
/// </summary>
internal sealed class ChainCertificates : IDisposable
{
    private ChainCertificates(string directory, MeshCertificateAuthority authority, IssuedCertificate a, IssuedCertificate b)
    {
        Directory = directory;
        Authority = authority;
        A = a;
        B = b;
    }

    public string Directory { get; }

    public MeshCertificateAuthority Authority { get; }

    public IssuedCertificate A { get; }

    public IssuedCertificate B { get; }

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public static ChainCertificates Create(string directory)
    {
        var authority = MeshCertificateAuthority.Create();
        var a = authority.IssueGateway("a", ["hop-a.bench.local"]);
        var b = authority.IssueGateway("b", ["hop-b.bench.local"]);
        File.WriteAllText(Path.Combine(directory, "ca.crt"), authority.RootCertificatePem);
        File.WriteAllText(Path.Combine(directory, "trust-domain"), authority.TrustDomain);
        foreach (var (name, issued) in (ReadOnlySpan<(string, IssuedCertificate)>)[("a", a), ("b", b)])
        {
            File.WriteAllText(Path.Combine(directory, name + ".crt"), issued.CertificateChainPem);
            File.WriteAllText(Path.Combine(directory, name + ".key"), issued.PrivateKeyPem);
        }

        return new ChainCertificates(directory, authority, a, b);
    }

    public string CertificateFile(string hop) => Path.Combine(Directory, hop + ".crt");

    public string KeyFile(string hop) => Path.Combine(Directory, hop + ".key");

    public void Dispose() => Authority.Dispose();
}
