using Envoy.Extensions.TransportSockets.Tls.V3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Storage;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Identity.Sds;

/// <summary>
/// The hub's entry point to mesh identity: loads the CA root from the hub (or creates and stores it) and hands out each
/// cluster's SDS Secrets: only <see cref="SecretNames.TrustBundle"/>. Gateway private keys never go over xDS, and the
/// hub holds none: gateways make their keys and obtain their certificates by certificate signing request, which the
/// hub's signer answers with <see cref="Authority"/>.
/// </summary>
public sealed partial class GatewaySecretSource : IAsyncDisposable
{
    private readonly ILogger _logger;
    private int _disposed;

    private GatewaySecretSource(MeshCertificateAuthority authority, ILogger logger)
    {
        Authority = authority;
        _logger = logger;
    }

    /// <summary>The CA (its root is the trust bundle).</summary>
    public MeshCertificateAuthority Authority { get; }

    /// <summary>
    /// Loads or creates the CA in <paramref name="hub"/>. Throws <see cref="CertificateAuthorityException"/> when the
    /// stored root is not usable.
    /// </summary>
    public static async Task<GatewaySecretSource> StartAsync(
        IKubeClient hub,
        MeshIdentityOptions? options = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        options ??= new MeshIdentityOptions();
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<GatewaySecretSource>();

        var authority = await CertificateAuthorityStore.LoadOrCreateAsync(hub, options.Authority, time, loggerFactory.CreateLogger(typeof(CertificateAuthorityStore)), cancellationToken).ConfigureAwait(false);
        Log.Started(logger, authority.TrustDomain);
        return new GatewaySecretSource(authority, logger);
    }

    /// <summary>
    /// The SDS Secrets of one node cluster: the trust bundle only. A gateway's private key never travels over xDS: the
    /// gateway makes its key and obtains its certificate by certificate signing request (docs/identity.md).
    /// </summary>
    public IReadOnlyList<Secret> SecretsFor(string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        return [TrustBundle(Authority.RootCertificatePem, Authority.TrustDomain)];
    }

    /// <summary><see cref="SecretsFor"/> as snapshot resources, for a translation that takes extra resources per node group.</summary>
    public IEnumerable<XdsResource> ResourcesFor(string cluster) => SecretsFor(cluster).Select(XdsResource.Create);

    /// <summary><paramref name="snapshot"/> (one node cluster's) with that cluster's Secrets added.</summary>
    public Snapshot AddSecrets(string cluster, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Snapshot.Create(snapshot.Sets.SelectMany(set => set.Items.Values).Concat(ResourcesFor(cluster)));
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        Authority.Dispose();
        Log.Stopped(_logger);
        return ValueTask.CompletedTask;
    }

    private static Secret TrustBundle(string trustBundlePem, string trustDomain) =>
        SecretTranslator.TrustBundle(new TrustBundleModel(trustBundlePem, trustDomain));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, EventName = "GatewaySecretsStarted", Level = LogLevel.Information,
            Message = "Mesh CA ready: trust domain {TrustDomain}; gateways get their certificates by signing request")]
        public static partial void Started(ILogger logger, string trustDomain);

        [LoggerMessage(EventId = 5021, EventName = "GatewaySecretsStopped", Level = LogLevel.Information, Message = "Gateway Secrets stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
