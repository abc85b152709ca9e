using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Identity.Authority;

/// <summary>How the mesh certificate authority issues certificates and where the hub keeps its root.</summary>
public sealed record CertificateAuthorityOptions
{
    /// <summary>The SPIFFE trust domain of every issued identity.</summary>
    public string TrustDomain { get; init; } = ClusterSetDomain.Name;

    /// <summary>How long a new root is valid (10 years).</summary>
    public TimeSpan RootLifetime { get; init; } = TimeSpan.FromDays(3650);

    /// <summary>How long a leaf certificate is valid from its issue (24 hours); never past the root's expiry.</summary>
    public TimeSpan LeafLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How far <c>notBefore</c> is set back from the issue time, so peers whose clocks lag accept a fresh certificate.</summary>
    public TimeSpan Backdate { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The hub namespace of the Secret holding the root.</summary>
    public string SecretNamespace { get; init; } = "tdcc-mesh-system";

    /// <summary>The name of the Secret holding the root (<c>kubernetes.io/tls</c> plus <c>ca.crt</c>).</summary>
    public string SecretName { get; init; } = "tdcc-mesh-ca";

    /// <summary>Throws <see cref="ArgumentException"/> when a value cannot work.</summary>
    public void Validate()
    {
        SpiffeId.ValidateTrustDomain(TrustDomain);
        if (LeafLifetime <= TimeSpan.Zero || RootLifetime <= TimeSpan.Zero || Backdate < TimeSpan.Zero)
        {
            throw new ArgumentException("Lifetimes must be positive and the backdate not negative.");
        }

        if (LeafLifetime >= RootLifetime)
        {
            throw new ArgumentException($"The leaf lifetime ({LeafLifetime}) must be shorter than the root lifetime ({RootLifetime}).");
        }

        if (string.IsNullOrEmpty(SecretNamespace) || string.IsNullOrEmpty(SecretName))
        {
            throw new ArgumentException("The CA Secret needs a namespace and a name.");
        }
    }
}
