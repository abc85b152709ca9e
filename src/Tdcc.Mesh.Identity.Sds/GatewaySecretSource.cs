using System.Runtime.CompilerServices;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Gateways;
using Tdcc.Mesh.Identity.Storage;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Identity.Sds;

/// <summary>
/// The hub's entry point to mesh identity: loads the CA root from the hub (or creates and stores it), keeps a gateway
/// certificate per member cluster (for in-process users; nothing sends them), rotates them in the background, and
/// hands out each cluster's SDS Secrets: only <see cref="SecretNames.TrustBundle"/>. Gateway private keys never go over
/// xDS; gateways obtain their certificates by certificate signing request.
/// </summary>
public sealed partial class GatewaySecretSource : IAsyncDisposable
{
    private static readonly TimeSpan MinRefresh = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _rotation;
    private int _disposed;

    private GatewaySecretSource(MeshCertificateAuthority authority, GatewayCertificateIssuer issuer, TimeProvider time, ILogger logger)
    {
        Authority = authority;
        Issuer = issuer;
        _time = time;
        _logger = logger;
        _rotation = issuer.RunAsync(_stop.Token);
    }

    /// <summary>The CA (its root is the trust bundle).</summary>
    public MeshCertificateAuthority Authority { get; }

    /// <summary>The gateway certificates, one per member cluster.</summary>
    public GatewayCertificateIssuer Issuer { get; }

    /// <summary>
    /// Loads or creates the CA in <paramref name="hub"/>, issues a gateway certificate for each of
    /// <paramref name="clusters"/> and starts rotating them. Throws <see cref="CertificateAuthorityException"/> when the
    /// stored root is not usable.
    /// </summary>
    public static async Task<GatewaySecretSource> StartAsync(
        IKubeClient hub,
        IEnumerable<string> clusters,
        MeshIdentityOptions? options = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(clusters);
        options ??= new MeshIdentityOptions();
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<GatewaySecretSource>();

        var authority = await CertificateAuthorityStore.LoadOrCreateAsync(hub, options.Authority, time, loggerFactory.CreateLogger(typeof(CertificateAuthorityStore)), cancellationToken).ConfigureAwait(false);
        GatewayCertificateIssuer? issuer = null;
        try
        {
            issuer = new GatewayCertificateIssuer(authority, options.Gateways, time, loggerFactory.CreateLogger<GatewayCertificateIssuer>());
            var set = issuer.SetClusters(clusters);
            Log.Started(logger, authority.TrustDomain, set.Certificates.Count, set.NextRotation);
            return new GatewaySecretSource(authority, issuer, time, logger);
        }
        catch
        {
            issuer?.Dispose();
            authority.Dispose();
            throw;
        }
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

    /// <summary>The Secrets of every member cluster of <paramref name="set"/>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Secret>> SecretsOf(GatewayCertificateSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return set.Certificates.ToDictionary(pair => pair.Key, _ => (IReadOnlyList<Secret>)[TrustBundle(set.TrustBundlePem, set.TrustDomain)], StringComparer.Ordinal);
    }

    /// <summary><paramref name="snapshot"/> (one node cluster's) with that cluster's Secrets added.</summary>
    public Snapshot AddSecrets(string cluster, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return Snapshot.Create(snapshot.Sets.SelectMany(set => set.Items.Values).Concat(ResourcesFor(cluster)));
    }

    /// <summary>How long until the next certificate is due (at least a second): when to build the Secrets again.</summary>
    public TimeSpan UntilNextRotation()
    {
        var next = Issuer.GetCurrent().NextRotation;
        var wait = next is { } due ? due - _time.GetUtcNow() : TimeSpan.FromHours(1);
        return wait < MinRefresh ? MinRefresh : wait;
    }

    /// <summary>Fires when a certificate is issued, rotated or dropped.</summary>
    public IChangeToken GetChangeToken() => Issuer.GetCurrent().ChangeToken;

    /// <summary>Every member cluster's Secrets: now, then again after each change, until cancelled.</summary>
    public async IAsyncEnumerable<IReadOnlyDictionary<string, IReadOnlyList<Secret>>> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var set = Issuer.GetCurrent();
            yield return SecretsOf(set);
            var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (set.ChangeToken.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), changed))
            {
                await changed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _rotation.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        Issuer.Dispose();
        Authority.Dispose();
        Log.Stopped(_logger);
    }

    private static Secret TrustBundle(string trustBundlePem, string trustDomain) =>
        SecretTranslator.TrustBundle(new TrustBundleModel(trustBundlePem, trustDomain));

    private static partial class Log
    {
        [LoggerMessage(EventId = 5020, EventName = "GatewaySecretsStarted", Level = LogLevel.Information,
            Message = "Gateway Secrets ready: trust domain {TrustDomain}, {Clusters} member clusters, next rotation at {NextRotation}")]
        public static partial void Started(ILogger logger, string trustDomain, int clusters, DateTimeOffset? nextRotation);

        [LoggerMessage(EventId = 5021, EventName = "GatewaySecretsStopped", Level = LogLevel.Information, Message = "Gateway Secrets stopped")]
        public static partial void Stopped(ILogger logger);
    }
}
