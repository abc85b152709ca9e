using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>Turns a listener's PEM certificate and key into what Kestrel serves; a certificate that does not load is left out (its listener serves the others').</summary>
internal static class IngressCertificate
{
    public static X509Certificate2? TryLoad(TlsCertificateModel model)
    {
        try
        {
            using var loaded = X509Certificate2.CreateFromPem(model.CertificateChainPem, model.PrivateKeyPem);

            // Re-imported so the key is usable by the TLS stack on every platform.
            return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return null;
        }
    }
}
