namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// A certificate chain (leaf first) and its private key, PEM, for a <c>tls_certificate</c> Secret.
/// <see cref="ToString"/> never shows the key.
/// </summary>
public sealed record TlsCertificateModel(string CertificateChainPem, string PrivateKeyPem)
{
    /// <inheritdoc />
    public override string ToString() => $"{nameof(TlsCertificateModel)} {{ {CertificateChainPem.Length} chain chars, private key hidden }}";
}
