using System.Collections.Immutable;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Identity.Storage;

/// <summary>
/// Keeps the mesh CA's root in a hub Secret (<see cref="CertificateAuthorityOptions.SecretNamespace"/>/<see cref="CertificateAuthorityOptions.SecretName"/>,
/// by default <c>tdcc-mesh-system/tdcc-mesh-ca</c>) of type <c>kubernetes.io/tls</c>: <c>tls.crt</c> and <c>ca.crt</c> hold the
/// root certificate, <c>tls.key</c> its PKCS#8 private key, and the annotation <see cref="TrustDomainAnnotation"/> the trust
/// domain. A present Secret is loaded; an absent one is created with a new root. When two hubs create it at once, the
/// loser of the race (<c>AlreadyExists</c>) loads the winner's root. A Secret that is present but unusable is an error
/// (<see cref="CertificateAuthorityException"/> naming the Secret), never a reason to generate a new root.
/// </summary>
public static partial class CertificateAuthorityStore
{
    /// <summary>The annotation holding the trust domain the root was created for.</summary>
    public const string TrustDomainAnnotation = "mesh.tdcc.io/trust-domain";

    /// <summary>The Secret type of the stored root.</summary>
    public const string SecretType = "kubernetes.io/tls";

    private const string CertificateKey = "tls.crt";
    private const string PrivateKeyKey = "tls.key";
    private const string CaKey = "ca.crt";

    /// <summary>Loads the root from the hub, or creates and stores a new one when there is none.</summary>
    public static async Task<MeshCertificateAuthority> LoadOrCreateAsync(
        IKubeClient hub,
        CertificateAuthorityOptions? options = null,
        TimeProvider? time = null,
        ILogger? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        options ??= new CertificateAuthorityOptions();
        options.Validate();
        time ??= TimeProvider.System;
        logger ??= NullLogger.Instance;
        var secrets = hub.Resource<Secret>();

        var stored = await secrets.GetAsync(options.SecretNamespace, options.SecretName, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            return Load(stored, options, time, logger);
        }

        await EnsureNamespaceAsync(hub, options.SecretNamespace, cancellationToken).ConfigureAwait(false);
        var created = MeshCertificateAuthority.Create(options, time);
        try
        {
            await secrets.CreateAsync(ToSecret(created, options), cancellationToken: cancellationToken).ConfigureAwait(false);
            Log.RootCreated(logger, options.SecretNamespace, options.SecretName, options.TrustDomain, created.RootSerialNumber, created.RootNotAfter);
            return created;
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            created.Dispose();
            Log.CreateRaceLost(logger, options.SecretNamespace, options.SecretName);
            stored = await secrets.GetAsync(options.SecretNamespace, options.SecretName, cancellationToken).ConfigureAwait(false)
                ?? throw new CertificateAuthorityException(options.SecretNamespace, options.SecretName, "it was created by someone else and deleted again before it could be read.");
            return Load(stored, options, time, logger);
        }
        catch
        {
            created.Dispose();
            throw;
        }
    }

    /// <summary>The Secret that stores <paramref name="authority"/>'s root.</summary>
    internal static Secret ToSecret(MeshCertificateAuthority authority, CertificateAuthorityOptions options)
    {
        var certificate = Encode(authority.RootCertificatePem);
        return new Secret
        {
            Metadata = new ObjectMeta
            {
                Namespace = options.SecretNamespace,
                Name = options.SecretName,
                Labels = ImmutableDictionary<string, string>.Empty.Add("app.kubernetes.io/part-of", "tdcc-mesh").Add("app.kubernetes.io/component", "certificate-authority"),
                Annotations = ImmutableDictionary<string, string>.Empty.Add(TrustDomainAnnotation, options.TrustDomain),
            },
            Type = SecretType,
            Data = ImmutableDictionary<string, string>.Empty
                .Add(CertificateKey, certificate)
                .Add(PrivateKeyKey, Encode(authority.ExportPrivateKeyPem()))
                .Add(CaKey, certificate),
        };
    }

    private static MeshCertificateAuthority Load(Secret secret, CertificateAuthorityOptions options, TimeProvider time, ILogger logger)
    {
        CertificateAuthorityException Malformed(string problem, Exception? inner = null) =>
            new(options.SecretNamespace, options.SecretName, problem, inner);

        var storedDomain = secret.Metadata.Annotations?.GetValueOrDefault(TrustDomainAnnotation);
        if (storedDomain is not null && !string.Equals(storedDomain, options.TrustDomain, StringComparison.Ordinal))
        {
            throw Malformed($"its root is for trust domain '{storedDomain}', not '{options.TrustDomain}'.");
        }

        var certificate = Decode(secret, CertificateKey) ?? throw Malformed($"data '{CertificateKey}' is missing or not base64.");
        var key = Decode(secret, PrivateKeyKey) ?? throw Malformed($"data '{PrivateKeyKey}' is missing or not base64.");
        try
        {
            var authority = MeshCertificateAuthority.FromPem(certificate, key, options, time);
            Log.RootLoaded(logger, options.SecretNamespace, options.SecretName, options.TrustDomain, authority.RootSerialNumber, authority.RootNotAfter);
            return authority;
        }
        catch (CertificateAuthorityException e)
        {
            throw Malformed(e.Message, e);
        }
    }

    private static async Task EnsureNamespaceAsync(IKubeClient hub, string name, CancellationToken cancellationToken) =>
        await hub.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = name } }, cancellationToken).ConfigureAwait(false);

    private static string Encode(string value) => Convert.ToBase64String(Encoding.UTF8.GetBytes(value));

    private static string? Decode(Secret secret, string key)
    {
        if (secret.Data?.GetValueOrDefault(key) is not { Length: > 0 } encoded)
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5000, EventName = "CaRootLoaded", Level = LogLevel.Information,
            Message = "Mesh CA root loaded from Secret {Namespace}/{Name}: trust domain {TrustDomain}, serial {Serial}, valid until {NotAfter}")]
        public static partial void RootLoaded(ILogger logger, string @namespace, string name, string trustDomain, string serial, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 5001, EventName = "CaRootCreated", Level = LogLevel.Information,
            Message = "Mesh CA root created and stored in Secret {Namespace}/{Name}: trust domain {TrustDomain}, serial {Serial}, valid until {NotAfter}")]
        public static partial void RootCreated(ILogger logger, string @namespace, string name, string trustDomain, string serial, DateTimeOffset notAfter);

        [LoggerMessage(EventId = 5002, EventName = "CaCreateRaceLost", Level = LogLevel.Information,
            Message = "Mesh CA Secret {Namespace}/{Name} was created concurrently; loading the stored root instead of ours")]
        public static partial void CreateRaceLost(ILogger logger, string @namespace, string name);
    }
}
