using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.Identity.Authority;

/// <summary>
/// A leaf certificate the mesh CA issued, with its private key, as PEM. Immutable; holds no native handles, so it can be
/// shared and kept in snapshots. <see cref="ToString"/> never shows the key.
/// </summary>
public sealed class IssuedCertificate
{
    internal IssuedCertificate(
        SpiffeId spiffeId,
        IReadOnlyList<string> dnsNames,
        string serialNumber,
        DateTimeOffset issuedAt,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        string certificatePem,
        string issuerPem,
        string privateKeyPem)
    {
        SpiffeId = spiffeId;
        DnsNames = dnsNames;
        SerialNumber = serialNumber;
        IssuedAt = issuedAt;
        NotBefore = notBefore;
        NotAfter = notAfter;
        CertificatePem = certificatePem;
        CertificateChainPem = certificatePem + issuerPem;
        PrivateKeyPem = privateKeyPem;
    }

    /// <summary>The identity in the URI SAN.</summary>
    public SpiffeId SpiffeId { get; }

    /// <summary>The DNS SANs.</summary>
    public IReadOnlyList<string> DnsNames { get; }

    /// <summary>The serial number, upper case hex.</summary>
    public string SerialNumber { get; }

    /// <summary>When the CA issued it (its clock); <see cref="NotBefore"/> is backdated from this.</summary>
    public DateTimeOffset IssuedAt { get; }

    public DateTimeOffset NotBefore { get; }

    public DateTimeOffset NotAfter { get; }

    /// <summary>The leaf certificate alone, PEM.</summary>
    public string CertificatePem { get; }

    /// <summary>The leaf followed by the CA certificate that signed it, PEM: what a TLS endpoint presents.</summary>
    public string CertificateChainPem { get; }

    /// <summary>The leaf's ECDSA P-256 private key, PKCS#8 PEM (<c>BEGIN PRIVATE KEY</c>).</summary>
    public string PrivateKeyPem { get; }

    /// <summary>
    /// When a holder should replace it: after <paramref name="fraction"/> of the time from <see cref="IssuedAt"/> to
    /// <see cref="NotAfter"/> has passed.
    /// </summary>
    public DateTimeOffset RenewAt(double fraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fraction);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fraction, 1.0);
        return IssuedAt + ((NotAfter - IssuedAt) * fraction);
    }

    /// <summary>A new <see cref="X509Certificate2"/> of the leaf with its private key (for <c>SslStream</c>); the caller disposes it.</summary>
    public X509Certificate2 ToX509Certificate() => X509Certificate2.CreateFromPem(CertificatePem, PrivateKeyPem);

    /// <inheritdoc />
    public override string ToString() => $"{SpiffeId} serial {SerialNumber}, valid {NotBefore:O} to {NotAfter:O}";
}
