using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>A listener's certificate Secret: <c>tls.crt</c> (the chain, leaf first) and <c>tls.key</c>, PEM, that load as a pair.</summary>
internal static class TlsSecrets
{
    /// <summary>The only Secret type read (the informer lists no other).</summary>
    public const string Type = "kubernetes.io/tls";

    public const string Certificate = "tls.crt";
    public const string Key = "tls.key";

    /// <summary>The certificate, or null when the Secret lacks either key or they do not load as a certificate and its key.</summary>
    public static TlsCertificateModel? Read(Secret secret)
    {
        if (Text(secret, Certificate) is not { } chain || Text(secret, Key) is not { } key)
        {
            return null;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(chain, key);
            return new TlsCertificateModel(chain, key);
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string? Text(Secret secret, string name)
    {
        if (secret.StringData?.TryGetValue(name, out var text) == true && !string.IsNullOrWhiteSpace(text))
        {
            return text;
        }

        if (secret.Data?.TryGetValue(name, out var base64) != true || string.IsNullOrEmpty(base64))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
