namespace Tdcc.Mesh.MeshModel;

/// <summary>
/// The CA certificates peers are validated against (PEM) and, when set, the SPIFFE trust domain whose IDs a peer's
/// URI SAN must carry.
/// </summary>
public sealed record TrustBundleModel(string CaCertificatesPem, string? SpiffeTrustDomain = null);
