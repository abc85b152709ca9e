using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Tests.Objects.Certificates;

/// <summary>CertificateSigningRequest bodies with real PKCS#10 requests.</summary>
public static class CsrSamples
{
    public const string CsrPath = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    public static string RequestPem(string uri = "spiffe://clusterset.local/cluster/east/gateway")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("O=test", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(uri));
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSigningRequestPem();
    }

    public static JsonObject Csr(string name, string? requestPem = null, string? signer = "tdcc.io/gateway", JsonArray? usages = null)
    {
        var spec = new JsonObject
        {
            ["request"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(requestPem ?? RequestPem())),
            ["usages"] = usages ?? new JsonArray("digital signature", "client auth", "server auth"),
            ["username"] = "someone-else",
        };
        if (signer is not null)
        {
            spec["signerName"] = signer;
        }

        return new JsonObject
        {
            ["apiVersion"] = "certificates.k8s.io/v1",
            ["kind"] = "CertificateSigningRequest",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = spec,
        };
    }

    /// <summary>A self-signed certificate, PEM then base64, for status.certificate.</summary>
    public static string CertificateBase64()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=issued", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(certificate.ExportCertificatePem() + "\n"));
    }

    public static JsonObject Condition(string type, string reason = "Test") =>
        new() { ["type"] = type, ["status"] = "True", ["reason"] = reason, ["message"] = "by the test" };
}
