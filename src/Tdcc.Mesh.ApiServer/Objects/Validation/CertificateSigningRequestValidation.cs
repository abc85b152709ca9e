using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>
/// ValidateCertificateSigningRequest (certificates.k8s.io/v1): the request parses as a signed PEM CERTIFICATE REQUEST,
/// signerName and usages are given and valid, expirationSeconds is at least 600, conditions are well formed and
/// Approved and Denied exclusive, a certificate only with Approved (PEM CERTIFICATE blocks), and on update Approved or
/// Denied are never removed and an issued certificate never changes.
/// </summary>
internal sealed class CertificateSigningRequestValidation : IKindValidation
{
    private static readonly string[] Usages =
    [
        "signing", "digital signature", "content commitment", "key encipherment", "key agreement", "data encipherment",
        "cert sign", "crl sign", "encipher only", "decipher only", "any", "server auth", "client auth", "code signing",
        "email protection", "s/mime", "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing",
        "microsoft sgc", "netscape sgc",
    ];

    private static readonly string[] True = ["True"];

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var spec = obj["spec"] as JsonObject;
        Request(spec?["request"], errors);
        SignerName(Fields.Str(spec?["signerName"]), errors);
        if (spec?["usages"] is not JsonArray { Count: > 0 } usages)
        {
            errors.Required("spec.usages");
        }
        else
        {
            for (var i = 0; i < usages.Count; i++)
            {
                errors.Enum(usages[i], Fields.Index("spec.usages", i), Usages);
            }
        }

        if (Fields.Int(spec?["expirationSeconds"]) is long seconds && seconds < 600)
        {
            errors.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)");
        }

        var status = obj["status"] as JsonObject;
        var types = Conditions(status?["conditions"], errors);
        if (types.Contains("Approved") && types.Contains("Denied"))
        {
            errors.Invalid("status.conditions", "[]certificates.CertificateSigningRequestCondition{...}", "Approved and Denied conditions are mutually exclusive");
        }

        var certificate = Fields.Str(status?["certificate"]);
        if (!string.IsNullOrEmpty(certificate))
        {
            if (!types.Contains("Approved"))
            {
                errors.Forbidden("status.certificate", "certificate can only be set if the Approved condition is present");
            }

            Certificate(certificate, errors);
        }

        if (old is null)
        {
            return;
        }

        var oldTypes = ConditionTypes(old["status"]?["conditions"]);
        foreach (var kept in new[] { "Approved", "Denied" })
        {
            if (oldTypes.Contains(kept) && !types.Contains(kept))
            {
                errors.Forbidden("status.conditions", $"updates may not remove a condition of type \"{kept}\"");
            }
        }

        var oldCertificate = Fields.Str(old["status"]?["certificate"]);
        if (!string.IsNullOrEmpty(oldCertificate) && !string.Equals(oldCertificate, certificate, StringComparison.Ordinal))
        {
            errors.Forbidden("status.certificate", "updates may not modify existing certificate content");
        }
    }

    /// <summary>The condition types of a conditions array.</summary>
    public static HashSet<string> ConditionTypes(JsonNode? conditions) =>
        new((conditions as JsonArray ?? []).Select(c => Fields.Str(c?["type"])).OfType<string>(), StringComparer.Ordinal);

    private static void Request(JsonNode? node, FieldErrorList errors)
    {
        var text = Fields.Str(node);
        if (string.IsNullOrEmpty(text))
        {
            errors.Invalid("spec.request", "[]byte{}", "PEM block type must be CERTIFICATE REQUEST");
            return;
        }

        string pem;
        try
        {
            pem = Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return; // The typed decoder reports bad base64 first.
        }

        if (!PemEncoding.TryFind(pem, out var fields) || !pem.AsSpan()[fields.Label].SequenceEqual("CERTIFICATE REQUEST"))
        {
            errors.Invalid("spec.request", "[]byte{...}", "PEM block type must be CERTIFICATE REQUEST");
            return;
        }

        try
        {
            _ = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.Default);
        }
        catch (CryptographicException e)
        {
            errors.Invalid("spec.request", "[]byte{...}", "x509: " + e.Message.TrimEnd('.'));
        }
    }

    private static void SignerName(string? signer, FieldErrorList errors)
    {
        if (string.IsNullOrEmpty(signer))
        {
            errors.Required("spec.signerName");
            return;
        }

        var slash = signer.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == signer.Length - 1)
        {
            errors.InvalidString("spec.signerName", signer, "must be a fully qualified domain and path of the form 'example.com/signer-name'");
            return;
        }

        if (NameValidation.Validate(signer[..slash], label: false).Count > 0)
        {
            errors.InvalidString("spec.signerName", signer, "the domain portion of the signerName must be a valid DNS subdomain");
        }
    }

    private static HashSet<string> Conditions(JsonNode? conditions, FieldErrorList errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (condition, path) in Fields.Items(conditions, "status.conditions"))
        {
            var type = Fields.Str(condition["type"]);
            if (string.IsNullOrEmpty(type))
            {
                errors.Required(Fields.Child(path, "type"));
                continue;
            }

            if (type is "Approved" or "Denied" or "Failed")
            {
                if (!seen.Add(type))
                {
                    errors.Duplicate(Fields.Child(path, "type"), GoFormat.Quote(type));
                }

                if (Fields.Str(condition["status"]) is { Length: > 0 } value && value != "True")
                {
                    errors.NotSupported(Fields.Child(path, "status"), value, True);
                }
            }
            else
            {
                seen.Add(type);
            }
        }

        return seen;
    }

    private static void Certificate(string base64, FieldErrorList errors)
    {
        string pem;
        try
        {
            pem = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return;
        }

        var found = 0;
        var rest = pem.AsMemory();
        while (PemEncoding.TryFind(rest.Span, out var fields))
        {
            var block = rest.Span[fields.Location];
            if (!rest.Span[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                errors.Invalid("status.certificate", "\"<certificate data>\"", "only CERTIFICATE PEM blocks are allowed, found \"" + rest.Span[fields.Label].ToString() + "\"");
                return;
            }

            try
            {
                using var certificate = X509Certificate2.CreateFromPem(block);
            }
            catch (CryptographicException e)
            {
                errors.Invalid("status.certificate", "\"<certificate data>\"", e.Message.TrimEnd('.'));
                return;
            }

            found++;
            rest = rest[fields.Location.End..];
        }

        if (found == 0)
        {
            errors.Invalid("status.certificate", "\"<certificate data>\"", "must contain at least one CERTIFICATE PEM block");
        }
    }
}
