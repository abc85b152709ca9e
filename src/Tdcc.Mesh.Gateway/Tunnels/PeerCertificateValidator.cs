using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Identity;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// Judges a peer gateway's certificate (docs/gateway.md "Identity"): its chain ends at one of the trust bundle's CAs
/// (no OS store), it is within its validity at the gateway's clock, it names a gateway of the trust domain, and that
/// cluster is a current peer (and the expected one when dialling).
/// </summary>
internal sealed class PeerCertificateValidator(IGatewayCredentialSource credentials, IGatewayConfigurationSource configuration, TimeProvider time)
{
    /// <summary>The peer's cluster when accepted; otherwise null and the reason.</summary>
    public string? Validate(X509Certificate2? certificate, X509Chain? presented, string? expectedCluster, out string reason)
    {
        var current = credentials.Current;
        if (certificate is null)
        {
            reason = "no certificate";
            return null;
        }

        if (current is null)
        {
            reason = "no credentials yet";
            return null;
        }

        var now = time.GetUtcNow();
        if (now < certificate.NotBefore.ToUniversalTime() || now > certificate.NotAfter.ToUniversalTime())
        {
            reason = $"certificate outside its validity ({certificate.NotBefore:O} to {certificate.NotAfter:O})";
            return null;
        }

        using (var chain = new X509Chain())
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(current.TrustBundle);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.VerificationTime = now.UtcDateTime;
            chain.ChainPolicy.DisableCertificateDownloads = true;
            if (presented is not null)
            {
                foreach (var element in presented.ChainElements)
                {
                    if (!ReferenceEquals(element.Certificate, certificate))
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }
            }

            if (!chain.Build(certificate))
            {
                reason = "chain does not validate against the trust bundle: " + string.Join(", ", chain.ChainStatus.Select(s => s.Status));
                return null;
            }
        }

        var cluster = GatewayIdentity.ClusterOf(certificate, current.TrustDomain);
        if (cluster is null)
        {
            reason = "certificate names no gateway of trust domain " + current.TrustDomain;
            return null;
        }

        if (expectedCluster is not null && !string.Equals(cluster, expectedCluster, StringComparison.Ordinal))
        {
            reason = $"certificate names cluster {cluster}, expected {expectedCluster}";
            return null;
        }

        var peers = configuration.Current?.Peers ?? [];
        if (!peers.Any(p => string.Equals(p.Cluster, cluster, StringComparison.Ordinal)))
        {
            reason = $"cluster {cluster} is not a peer";
            return null;
        }

        reason = string.Empty;
        return cluster;
    }
}
