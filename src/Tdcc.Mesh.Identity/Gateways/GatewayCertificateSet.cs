using System.Collections.Frozen;
using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity.Gateways;

/// <summary>
/// The current gateway certificate of every member cluster and the trust bundle, as one immutable snapshot. Replaced in
/// its entirety when a certificate is issued, rotated or dropped; <see cref="ChangeToken"/> fires then.
/// </summary>
public sealed class GatewayCertificateSet
{
    internal GatewayCertificateSet(long generation, string trustDomain, string trustBundlePem, FrozenDictionary<string, IssuedCertificate> certificates, DateTimeOffset? nextRotation, CancellationToken replaced)
    {
        Generation = generation;
        TrustDomain = trustDomain;
        TrustBundlePem = trustBundlePem;
        Certificates = certificates;
        NextRotation = nextRotation;
        Replaced = replaced;
        ChangeToken = new CancellationChangeToken(replaced);
    }

    /// <summary>Counts the sets an issuer published, starting at 0 (no certificate yet).</summary>
    public long Generation { get; }

    /// <summary>The SPIFFE trust domain of the certificates.</summary>
    public string TrustDomain { get; }

    /// <summary>The CA certificates peers validate against, PEM.</summary>
    public string TrustBundlePem { get; }

    /// <summary>The current certificate per member cluster.</summary>
    public IReadOnlyDictionary<string, IssuedCertificate> Certificates { get; }

    /// <summary>When the first of the certificates is due for rotation; null without certificates.</summary>
    public DateTimeOffset? NextRotation { get; }

    /// <summary>Fires once, when a newer set replaces this one.</summary>
    public IChangeToken ChangeToken { get; }

    /// <summary>Cancelled when a newer set replaces this one.</summary>
    internal CancellationToken Replaced { get; }
}
