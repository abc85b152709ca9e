using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.Identity.Authority;

/// <summary>
/// The mesh's certificate authority: an ECDSA P-256 self-signed root (<c>O=tdcc-mesh, CN=&lt;trust domain&gt; root</c>,
/// CA with path length 0, keyCertSign and cRLSign) that issues SPIFFE leaf certificates: ECDSA P-256, one URI SAN (the
/// SPIFFE ID) plus the caller's DNS SANs, serverAuth and clientAuth, digitalSignature, a random 126-bit serial, and
/// <c>notBefore</c> set back by <see cref="CertificateAuthorityOptions.Backdate"/>. Time comes from the injected
/// <see cref="TimeProvider"/>. Safe to use from several threads. Use <see cref="Storage.CertificateAuthorityStore"/> to keep
/// the root in the hub.
/// </summary>
public sealed class MeshCertificateAuthority : IDisposable
{
    private const string Organization = "tdcc-mesh";
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";
    private const int SerialBytes = 16;

    private readonly Lock _gate = new();
    private readonly ECDsa _key;
    private readonly X509SignatureGenerator _signer;
    private readonly X500DistinguishedName _rootSubject;
    private readonly X509AuthorityKeyIdentifierExtension? _authorityKeyId;
    private readonly TimeProvider _time;
    private bool _disposed;

    private MeshCertificateAuthority(X509Certificate2 root, ECDsa key, CertificateAuthorityOptions options, TimeProvider time)
    {
        _key = key;
        _signer = X509SignatureGenerator.CreateForECDsa(key);
        _rootSubject = root.SubjectName;
        _time = time;
        Options = options;
        RootCertificatePem = root.ExportCertificatePem() + "\n";
        RootSerialNumber = root.SerialNumber;
        RootNotBefore = new DateTimeOffset(root.NotBefore).ToUniversalTime();
        RootNotAfter = new DateTimeOffset(root.NotAfter).ToUniversalTime();
        if (root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault() is { } subjectKeyId)
        {
            _authorityKeyId = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(subjectKeyId);
        }
    }

    /// <summary>The options the CA issues with.</summary>
    public CertificateAuthorityOptions Options { get; }

    /// <summary>The SPIFFE trust domain of the identities it issues.</summary>
    public string TrustDomain => Options.TrustDomain;

    /// <summary>The root certificate, PEM: the trust bundle peers validate against.</summary>
    public string RootCertificatePem { get; }

    /// <summary>The root's serial number, upper case hex.</summary>
    public string RootSerialNumber { get; }

    public DateTimeOffset RootNotBefore { get; }

    public DateTimeOffset RootNotAfter { get; }

    /// <summary>Generates a new root.</summary>
    public static MeshCertificateAuthority Create(CertificateAuthorityOptions? options = null, TimeProvider? time = null)
    {
        options ??= new CertificateAuthorityOptions();
        options.Validate();
        time ??= TimeProvider.System;
        var now = time.GetUtcNow();
        // The builder encodes the last name added first: the DER order is O, then CN.
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(options.TrustDomain + " root");
        subject.AddOrganizationName(Organization);
        var name = subject.Build();

        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            using var root = request.Create(name, X509SignatureGenerator.CreateForECDsa(key), Seconds(now - options.Backdate), Seconds(now + options.RootLifetime), NewSerial());
            return new MeshCertificateAuthority(root, key, options, time);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A CA from a stored root certificate and its private key (PEM). Throws <see cref="CertificateAuthorityException"/>
    /// when the PEM does not parse, the certificate is not a CA allowed to sign certificates, the key is not ECDSA or does
    /// not match the certificate, or the root has expired.
    /// </summary>
    public static MeshCertificateAuthority FromPem(string certificatePem, string privateKeyPem, CertificateAuthorityOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(certificatePem);
        ArgumentNullException.ThrowIfNull(privateKeyPem);
        options ??= new CertificateAuthorityOptions();
        options.Validate();
        time ??= TimeProvider.System;

        using var root = ReadCertificate(certificatePem);
        var key = ReadKey(privateKeyPem);
        try
        {
            CheckRoot(root, key, time.GetUtcNow());
            return new MeshCertificateAuthority(root, key, options, time);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A new <see cref="X509Certificate2"/> of the root (no private key); the caller disposes it.</summary>
    public X509Certificate2 CreateRootCertificate() => X509Certificate2.CreateFromPem(RootCertificatePem);

    /// <summary>A certificate for the east-west gateways of a member cluster: <c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c>.</summary>
    public IssuedCertificate IssueGateway(string cluster, IEnumerable<string>? dnsNames = null, TimeSpan? lifetime = null) =>
        Issue(SpiffeId.ForGateway(TrustDomain, cluster), dnsNames, lifetime);

    /// <summary>A certificate for a workload's ServiceAccount: <c>spiffe://&lt;td&gt;/ns/&lt;namespace&gt;/sa/&lt;sa&gt;</c>.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term.")]
    public IssuedCertificate IssueWorkload(string @namespace, string serviceAccount, IEnumerable<string>? dnsNames = null, TimeSpan? lifetime = null) =>
        Issue(SpiffeId.ForServiceAccount(TrustDomain, @namespace, serviceAccount), dnsNames, lifetime);

    /// <summary>
    /// A leaf certificate for <paramref name="id"/> (which must be in this CA's trust domain) with the given DNS SANs,
    /// valid for <paramref name="lifetime"/> (default <see cref="CertificateAuthorityOptions.LeafLifetime"/>) but never
    /// past the root's expiry.
    /// </summary>
    public IssuedCertificate Issue(SpiffeId id, IEnumerable<string>? dnsNames = null, TimeSpan? lifetime = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!string.Equals(id.TrustDomain, TrustDomain, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{id} is not in the CA's trust domain {TrustDomain}.", nameof(id));
        }

        var names = (dnsNames ?? []).ToList();
        if (names.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("DNS names must not be empty.", nameof(dnsNames));
        }

        var validity = lifetime ?? Options.LeafLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero, nameof(lifetime));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signed = Sign(id, names, new CertificateRequest(LeafSubject(names), key, HashAlgorithmName.SHA256).PublicKey, validity);
        return new IssuedCertificate(id, names, signed.SerialNumber, signed.IssuedAt, signed.NotBefore, signed.NotAfter, signed.CertificatePem, RootCertificatePem, key.ExportPkcs8PrivateKeyPem() + "\n");
    }

    /// <summary>
    /// A leaf certificate for <paramref name="id"/> over a public key someone else holds (a certificate signing
    /// request's): the same profile as <see cref="Issue"/>, no DNS SANs, valid for <paramref name="requestedLifetime"/>
    /// (default and upper bound <paramref name="maxLifetime"/>, itself default <see cref="CertificateAuthorityOptions.LeafLifetime"/>)
    /// but never past the root's expiry. The private key never reaches the CA.
    /// </summary>
    public SignedCertificate IssueForPublicKey(SpiffeId id, PublicKey publicKey, TimeSpan? requestedLifetime = null, TimeSpan? maxLifetime = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(publicKey);
        if (!string.Equals(id.TrustDomain, TrustDomain, StringComparison.Ordinal))
        {
            throw new ArgumentException($"{id} is not in the CA's trust domain {TrustDomain}.", nameof(id));
        }

        var max = maxLifetime ?? Options.LeafLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(max, TimeSpan.Zero, nameof(maxLifetime));
        var validity = requestedLifetime is { } requested && requested < max ? requested : max;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(validity, TimeSpan.Zero, nameof(requestedLifetime));
        return Sign(id, [], publicKey, validity);
    }

    private SignedCertificate Sign(SpiffeId id, List<string> names, PublicKey publicKey, TimeSpan validity)
    {
        var now = _time.GetUtcNow();
        var notBefore = Max(Seconds(now - Options.Backdate), RootNotBefore);
        var notAfter = Min(Seconds(now + validity), RootNotAfter);
        if (notAfter <= now)
        {
            throw new CertificateAuthorityException($"The mesh CA root (serial {RootSerialNumber}) expired at {RootNotAfter:O}; it can issue no certificate.");
        }

        var request = new CertificateRequest(LeafSubject(names), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid), new Oid(ClientAuthOid)], critical: false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(id.ToUri());
        foreach (var name in names)
        {
            san.AddDnsName(name);
        }

        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (_authorityKeyId is not null)
        {
            request.CertificateExtensions.Add(_authorityKeyId);
        }

        var serial = NewSerial();
        string certificatePem;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var leaf = request.Create(_rootSubject, _signer, notBefore, notAfter, serial);
            certificatePem = leaf.ExportCertificatePem() + "\n";
        }

        return new SignedCertificate(id, Convert.ToHexString(serial), now, notBefore, notAfter, certificatePem, certificatePem + RootCertificatePem);
    }


    /// <summary>The root's private key, PKCS#8 PEM, for storing it.</summary>
    internal string ExportPrivateKeyPem()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key.ExportPkcs8PrivateKeyPem() + "\n";
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _key.Dispose();
        }
    }

    private static X509Certificate2 ReadCertificate(string pem)
    {
        try
        {
            return X509Certificate2.CreateFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new CertificateAuthorityException("The root certificate is not a PEM X.509 certificate.", e);
        }
    }

    private static ECDsa ReadKey(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new CertificateAuthorityException("The root private key is not a PEM ECDSA private key.", e);
        }
    }

    private static void CheckRoot(X509Certificate2 root, ECDsa key, DateTimeOffset now)
    {
        if (root.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is not { CertificateAuthority: true })
        {
            throw new CertificateAuthorityException($"The root certificate ({root.Subject}) is not a CA certificate (basic constraints CA:TRUE missing).");
        }

        if (root.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is not { } usage || !usage.KeyUsages.HasFlag(X509KeyUsageFlags.KeyCertSign))
        {
            throw new CertificateAuthorityException($"The root certificate ({root.Subject}) may not sign certificates (key usage keyCertSign missing).");
        }

        using var publicKey = root.GetECDsaPublicKey()
            ?? throw new CertificateAuthorityException($"The root certificate ({root.Subject}) does not hold an ECDSA public key.");
        var probe = RandomNumberGenerator.GetBytes(32);
        if (!publicKey.VerifyData(probe, key.SignData(probe, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256))
        {
            throw new CertificateAuthorityException($"The root private key does not belong to the root certificate ({root.Subject}).");
        }

        var notAfter = new DateTimeOffset(root.NotAfter).ToUniversalTime();
        if (notAfter <= now)
        {
            throw new CertificateAuthorityException($"The root certificate ({root.Subject}, serial {root.SerialNumber}) expired at {notAfter:O}.");
        }
    }

    private static X500DistinguishedName LeafSubject(List<string> dnsNames)
    {
        var subject = new X500DistinguishedNameBuilder();
        if (dnsNames.Count > 0 && dnsNames[0].Length <= 64)
        {
            subject.AddCommonName(dnsNames[0]);
        }

        subject.AddOrganizationName(Organization);
        return subject.Build();
    }

    /// <summary>16 random bytes, positive and without a leading zero byte (so DER keeps all of them): 126 random bits.</summary>
    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(SerialBytes);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x40);
        return serial;
    }

    /// <summary>X.509 times have whole seconds.</summary>
    private static DateTimeOffset Seconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
