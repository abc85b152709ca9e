using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>Reads the gateway identity <c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c> from a certificate's URI SAN.</summary>
internal static class GatewayIdentity
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The cluster a gateway certificate of <paramref name="trustDomain"/> names; null when it names none.</summary>
    public static string? ClusterOf(X509Certificate2 certificate, string trustDomain)
    {
        var prefix = "spiffe://" + trustDomain + "/cluster/";
        foreach (var uri in UriSans(certificate))
        {
            if (uri.StartsWith(prefix, StringComparison.Ordinal) && uri.EndsWith("/gateway", StringComparison.Ordinal))
            {
                var cluster = uri[prefix.Length..^"/gateway".Length];
                if (cluster.Length > 0 && !cluster.Contains('/', StringComparison.Ordinal))
                {
                    return cluster;
                }
            }
        }

        return null;
    }

    private static List<string> UriSans(X509Certificate2 certificate)
    {
        var uris = new List<string>();
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
                var names = reader.ReadSequence();
                while (names.HasData)
                {
                    var tag = names.PeekTag();
                    if (tag.HasSameClassAndValue(UriTag))
                    {
                        uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
                    }
                    else
                    {
                        names.ReadEncodedValue();
                    }
                }
            }
            catch (AsnContentException)
            {
                // A malformed SAN names no identity.
            }
        }

        return uris;
    }
}
