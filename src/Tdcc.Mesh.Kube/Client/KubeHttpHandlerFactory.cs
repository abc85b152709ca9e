using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>Builds the socket handler of a connection: client certificate, and server validation against the configured CA only.</summary>
internal static class KubeHttpHandlerFactory
{
    public static SocketsHttpHandler Create(KubeClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(15),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
        };

        if (options.ProxyUrl is not null)
        {
            handler.Proxy = new System.Net.WebProxy(options.ProxyUrl);
            handler.UseProxy = true;
        }

        if (!string.IsNullOrEmpty(options.TlsServerName))
        {
            handler.SslOptions.TargetHost = options.TlsServerName;
        }

        if (options.ClientCertificatePem is not null && options.ClientKeyPem is not null)
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options.ClientCertificatePem, options.ClientKeyPem)];
        }

        if (options.InsecureSkipTlsVerify)
        {
            // The kubeconfig explicitly opted out of server validation (insecure-skip-tls-verify), as kubectl allows.
#pragma warning disable CA5359
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
#pragma warning restore CA5359
        }
        else if (!string.IsNullOrEmpty(options.CertificateAuthorityPem))
        {
            var authorities = LoadAuthorities(options.CertificateAuthorityPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateAgainst(authorities, certificate, chain, errors);
        }

        return handler;
    }

    /// <summary>Parses PEM CA certificates.</summary>
    public static X509Certificate2Collection LoadAuthorities(string pem)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPem(pem);
        }
        catch (CryptographicException ex)
        {
            throw new KubeconfigException("the certificate authority is not valid PEM", ex);
        }

        return authorities.Count > 0 ? authorities : throw new KubeconfigException("the certificate authority holds no certificate");
    }

    /// <summary>Pairs a PEM certificate with its PEM key (RSA or ECDSA).</summary>
    public static X509Certificate2 LoadClientCertificate(string certificatePem, string keyPem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new KubeconfigException("the client certificate or key is not valid PEM, or they do not match", ex);
        }
    }

    /// <summary>
    /// Accepts the server certificate only when it chains to one of <paramref name="authorities"/> (the system store is not
    /// consulted) and matches the host name.
    /// </summary>
    public static bool ValidateAgainst(X509Certificate2Collection authorities, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        var leaf = certificate as X509Certificate2;
        using var owned = leaf is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
        return chain.Build(leaf ?? owned!);
    }
}
