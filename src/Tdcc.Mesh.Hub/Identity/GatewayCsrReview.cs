using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Hub.Identity;

/// <summary>
/// The hub's judgement of a gateway certificate request (signer <c>tdcc.io/gateway</c>): the request parses and its
/// signature holds, its only SAN is the URI <c>spiffe://&lt;trust domain&gt;/cluster/&lt;c&gt;/gateway</c>, the key is
/// ECDSA P-256 or RSA of at least 2048 bits, the cluster <c>c</c> is a ManagedCluster that is Joined and Ready (not
/// withdrawn, not leaving), and when the API server recorded a requester (<c>spec.username</c>) it is that cluster's
/// agent (<see cref="GatewayCsrNames.AgentUser"/>). Pure: the caller passes what it knows.
/// </summary>
internal static class GatewayCsrReview
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string EcPublicKeyOid = "1.2.840.10045.2.1";
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The parsed request, or the reason it cannot be signed (the cluster is not judged here).</summary>
    public static (CertificateRequest? Request, SpiffeId? Id, string? Cluster, string? Problem) Parse(CertificateSigningRequest csr, string trustDomain)
    {
        if (csr.Spec?.Request is not { Length: > 0 } bytes)
        {
            return (null, null, null, "the request is empty");
        }

        CertificateRequest request;
        try
        {
            // The signature is checked; the extensions are loaded so the SANs can be judged here.
            request = CertificateRequest.LoadSigningRequestPem(Encoding.UTF8.GetString(bytes), HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        }
        catch (CryptographicException e)
        {
            return (null, null, null, "the request is not a valid signed PKCS#10 CERTIFICATE REQUEST: " + e.Message);
        }

        if (KeyProblem(request.PublicKey) is { } keyProblem)
        {
            return (null, null, null, keyProblem);
        }

        var (uris, others) = SubjectAltNames(request);
        if (others > 0 || uris.Count != 1)
        {
            return (null, null, null, $"the request must carry exactly one SAN, a URI spiffe://{trustDomain}/cluster/<cluster>/gateway (it has {uris.Count} URI and {others} other SANs)");
        }

        if (!SpiffeId.TryParse(uris[0], out var id) || !string.Equals(id.TrustDomain, trustDomain, StringComparison.Ordinal))
        {
            return (null, null, null, $"the URI SAN {uris[0]} is not a SPIFFE ID of the trust domain {trustDomain}");
        }

        var segments = id.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not ["cluster", var cluster, "gateway"])
        {
            return (null, null, null, $"the URI SAN {uris[0]} is not a gateway identity (spiffe://{trustDomain}/cluster/<cluster>/gateway)");
        }

        return (request, id, cluster, null);
    }

    /// <summary>Why <paramref name="cluster"/> may not have a gateway certificate now, or null when it may.</summary>
    public static string? ClusterProblem(string cluster, ManagedCluster? managed, string? username)
    {
        if (managed is null)
        {
            return $"cluster {cluster} is not a member of the clusterset (no ManagedCluster {cluster})";
        }

        if (managed.Metadata.DeletionTimestamp is not null)
        {
            return $"cluster {cluster} is leaving the clusterset";
        }

        var conditions = managed.Status?.Conditions;
        if (!ConditionSet.IsTrue(conditions, ClusterConditions.Joined))
        {
            return $"cluster {cluster} has not joined the clusterset";
        }

        if (!ConditionSet.IsTrue(conditions, ClusterConditions.Ready) || ConditionSet.IsTrue(conditions, ClusterConditions.Withdrawn))
        {
            return $"cluster {cluster} is not Ready";
        }

        if (!string.IsNullOrEmpty(username) && !string.Equals(username, GatewayCsrNames.AgentUser(cluster), StringComparison.Ordinal))
        {
            return $"the requester {username} is not the agent of cluster {cluster} ({GatewayCsrNames.AgentUser(cluster)})";
        }

        return null;
    }

    private static string? KeyProblem(PublicKey key)
    {
        switch (key.Oid.Value)
        {
            case EcPublicKeyOid:
                using (var ec = key.GetECDsaPublicKey())
                {
                    var curve = ec?.ExportParameters(false).Curve;
                    return curve is { Oid.Value: P256Oid } || curve?.Oid.FriendlyName is "nistP256" or "ECDSA_P256"
                        ? null
                        : $"the ECDSA key is on curve {curve?.Oid.FriendlyName ?? curve?.Oid.Value ?? "unknown"}; only P-256 is accepted";
                }

            case RsaOid:
                using (var rsa = key.GetRSAPublicKey())
                {
                    return rsa is { KeySize: >= 2048 } ? null : $"the RSA key has {rsa?.KeySize ?? 0} bits; at least 2048 are required";
                }

            default:
                return $"the key algorithm {key.Oid.FriendlyName ?? key.Oid.Value} is not accepted (ECDSA P-256 or RSA of at least 2048 bits)";
        }
    }

    /// <summary>The URI SANs of the request, and how many SANs of other kinds it has.</summary>
    private static (List<string> Uris, int Others) SubjectAltNames(CertificateRequest request)
    {
        var uris = new List<string>();
        var others = 0;
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAltNameOid))
        {
            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
                var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
                while (reader.HasData)
                {
                    if (reader.PeekTag() == uriTag)
                    {
                        uris.Add(reader.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                    }
                    else
                    {
                        reader.ReadEncodedValue();
                        others++;
                    }
                }
            }
            catch (AsnContentException)
            {
                others++;
            }
        }

        return (uris, others);
    }
}
