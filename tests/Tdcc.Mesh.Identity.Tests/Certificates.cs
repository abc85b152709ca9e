using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.Identity.Tests;

/// <summary>Reading certificates the way a verifier does: chains with a custom root, SANs, extensions.</summary>
internal static class Certificates
{
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>Builds the chain of <paramref name="leaf"/> trusting only <paramref name="rootsPem"/>, at <paramref name="at"/>.</summary>
    public static (bool Valid, string Status) Verify(X509Certificate2 leaf, string rootsPem, DateTimeOffset at, string? intermediatesPem = null)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.ImportFromPem(rootsPem);
        if (intermediatesPem is not null)
        {
            chain.ChainPolicy.ExtraStore.ImportFromPem(intermediatesPem);
        }

        var valid = chain.Build(leaf);
        var status = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation}"));
        return (valid, status);
    }

    public static X509Certificate2 Load(string pem) => X509Certificate2.CreateFromPem(pem);

    /// <summary>The URI SANs (GeneralName [6]), which <see cref="X509SubjectAlternativeNameExtension"/> does not enumerate.</summary>
    public static IReadOnlyList<string> UriSans(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        var uris = new List<string>();
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
            }
        }

        return uris;
    }

    public static IReadOnlyList<string> DnsSans(X509Certificate2 certificate) =>
        [.. certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames()];

    public static T Extension<T>(X509Certificate2 certificate)
        where T : X509Extension => certificate.Extensions.OfType<T>().Single();

    /// <summary>True when the key signs what the certificate's public key verifies.</summary>
    public static bool KeyMatches(X509Certificate2 certificateWithKey)
    {
        using var privateKey = certificateWithKey.GetECDsaPrivateKey()!;
        using var publicKey = certificateWithKey.GetECDsaPublicKey()!;
        var data = RandomNumberGenerator.GetBytes(64);
        return publicKey.VerifyData(data, privateKey.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256);
    }

    public static int CountCertificates(string pem) => pem.Split("-----BEGIN CERTIFICATE-----").Length - 1;
}
