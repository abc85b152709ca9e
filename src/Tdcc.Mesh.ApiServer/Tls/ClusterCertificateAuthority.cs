using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.ApiServer.Tls;

/// <summary>
/// The CA of one cluster (ECDSA P-256, ten years), which signs the API server's serving certificate. Kept as
/// <c>pki/ca.crt</c> and <c>pki/ca.key</c> in the cluster's data directory, so clients that trust it keep working
/// across restarts; without a data directory it lives in memory for the server's lifetime.
/// </summary>
internal sealed class ClusterCertificateAuthority : IDisposable
{
    public const string CertificateFile = "ca.crt";
    public const string KeyFile = "ca.key";
    private const string Directory = "pki";
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ServingLifetime = TimeSpan.FromDays(365);

    private readonly X509Certificate2 _certificate;
    private readonly ECDsa _key;

    private ClusterCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        _certificate = certificate;
        _key = key;
        CertificatePem = certificate.ExportCertificatePem() + "\n";
    }

    /// <summary>The CA certificate, PEM (what clients put in <c>certificate-authority-data</c> or <c>ca.crt</c>).</summary>
    public string CertificatePem { get; }

    /// <summary>Reads the CA of <paramref name="dataDirectory"/>, or makes (and stores) a new one.</summary>
    public static ClusterCertificateAuthority LoadOrCreate(string? dataDirectory, string clusterName, TimeProvider time)
    {
        var folder = dataDirectory is null ? null : Path.Combine(dataDirectory, Directory);
        var certificateFile = folder is null ? null : Path.Combine(folder, CertificateFile);
        var keyFile = folder is null ? null : Path.Combine(folder, KeyFile);
        if (certificateFile is not null && keyFile is not null && File.Exists(certificateFile) && File.Exists(keyFile))
        {
            var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificateFile));
            var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(keyFile));
            return new ClusterCertificateAuthority(certificate, key);
        }

        var created = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={clusterName}-ca, O=tdcc-sandbox", created, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        var ca = request.CreateSelfSigned(now.AddMinutes(-5), now + CaLifetime);
        if (folder is not null)
        {
            System.IO.Directory.CreateDirectory(folder);
            var keyPem = created.ExportPkcs8PrivateKeyPem() + "\n";
            var keyTemp = keyFile + ".tmp";
            File.WriteAllText(keyTemp, keyPem);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(keyTemp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(keyTemp, keyFile!, overwrite: true);
            File.WriteAllText(certificateFile!, ca.ExportCertificatePem() + "\n");
        }

        // The certificate without its key object: the key is held (and disposed) here.
        var publicOnly = X509CertificateLoader.LoadCertificate(ca.RawData);
        ca.Dispose();
        return new ClusterCertificateAuthority(publicOnly, created);
    }

    /// <summary>A serving certificate (with its key) for <paramref name="addresses"/> and <paramref name="dnsNames"/>, signed by this CA.</summary>
    public X509Certificate2 IssueServing(string commonName, IEnumerable<IPAddress> addresses, IEnumerable<string> dnsNames, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses.Distinct())
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_certificate, true, false));
        var now = time.GetUtcNow();
        var notAfter = now + ServingLifetime;
        if (notAfter > _certificate.NotAfter)
        {
            notAfter = _certificate.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var signed = request.Create(_certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now.AddMinutes(-5), notAfter, serial);
        using var withKey = signed.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives SslStream a certificate whose key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        _key.Dispose();
    }
}
