using Envoy.Config.Core.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Envoy.Type.Matcher.V3;
using Google.Protobuf;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Pure functions from PEM material to SDS Secrets under the names of <see cref="SecretNames"/>: a gateway certificate
/// is <c>tls_certificate { certificate_chain, private_key }</c>, the trust bundle is
/// <c>validation_context { trusted_ca }</c>, all as <c>inline_bytes</c>. With a SPIFFE trust domain the trust bundle
/// also requires a URI SAN starting with <c>spiffe://&lt;trust domain&gt;/</c> (<c>match_typed_subject_alt_names</c>).
/// </summary>
public static class SecretTranslator
{
    /// <summary>The Secrets a member cluster's gateways use: their certificate and the trust bundle.</summary>
    public static IReadOnlyList<Secret> ForGateway(string cluster, TlsCertificateModel certificate, TrustBundleModel trustBundle) =>
        [GatewayCertificate(cluster, certificate), TrustBundle(trustBundle)];

    /// <summary>The <c>tls_certificate</c> Secret <see cref="SecretNames.GatewayCertificate"/> of a member cluster.</summary>
    public static Secret GatewayCertificate(string cluster, TlsCertificateModel certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return TlsCertificate(SecretNames.GatewayCertificate(cluster), certificate);
    }

    /// <summary>A <c>tls_certificate</c> Secret.</summary>
    public static Secret TlsCertificate(string name, TlsCertificateModel certificate)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(certificate);
        RequirePem(certificate.CertificateChainPem, nameof(certificate));
        RequirePem(certificate.PrivateKeyPem, nameof(certificate));
        return new Secret
        {
            Name = name,
            TlsCertificate = new TlsCertificate
            {
                CertificateChain = Inline(certificate.CertificateChainPem),
                PrivateKey = Inline(certificate.PrivateKeyPem),
            },
        };
    }

    /// <summary>The <c>validation_context</c> Secret <see cref="SecretNames.TrustBundle"/>.</summary>
    public static Secret TrustBundle(TrustBundleModel trustBundle)
    {
        ArgumentNullException.ThrowIfNull(trustBundle);
        RequirePem(trustBundle.CaCertificatesPem, nameof(trustBundle));
        var context = new CertificateValidationContext { TrustedCa = Inline(trustBundle.CaCertificatesPem) };
        if (!string.IsNullOrEmpty(trustBundle.SpiffeTrustDomain))
        {
            context.MatchTypedSubjectAltNames.Add(new SubjectAltNameMatcher
            {
                SanType = SubjectAltNameMatcher.Types.SanType.Uri,
                Matcher = new StringMatcher { Prefix = $"spiffe://{trustBundle.SpiffeTrustDomain}/" },
            });
        }

        return new Secret { Name = SecretNames.TrustBundle, ValidationContext = context };
    }

    private static DataSource Inline(string pem) => new() { InlineBytes = ByteString.CopyFromUtf8(pem) };

    private static void RequirePem(string pem, string parameter)
    {
        if (string.IsNullOrWhiteSpace(pem) || !pem.Contains("-----BEGIN ", StringComparison.Ordinal))
        {
            throw new ArgumentException("Expected PEM text (-----BEGIN ...).", parameter);
        }
    }
}
