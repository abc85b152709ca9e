namespace Tdcc.Mesh.Identity.Authority;

/// <summary>
/// A leaf certificate the mesh CA signed over someone else's public key (a certificate signing request): PEM, no key.
/// </summary>
/// <param name="SpiffeId">The identity in the URI SAN.</param>
/// <param name="SerialNumber">Upper case hex.</param>
/// <param name="IssuedAt">When the CA signed it (its clock); <paramref name="NotBefore"/> is backdated from this.</param>
/// <param name="NotBefore">Start of validity.</param>
/// <param name="NotAfter">End of validity.</param>
/// <param name="CertificatePem">The leaf alone.</param>
/// <param name="CertificateChainPem">The leaf followed by the CA certificate: what a CSR's status.certificate holds.</param>
public sealed record SignedCertificate(
    SpiffeId SpiffeId,
    string SerialNumber,
    DateTimeOffset IssuedAt,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string CertificatePem,
    string CertificateChainPem);
