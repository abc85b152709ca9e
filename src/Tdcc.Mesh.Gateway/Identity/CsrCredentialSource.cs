using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>
/// A gateway's credentials from the hub's CA by certificate signing request: an ECDSA P-256 key made in memory (never
/// written, never sent), a PKCS#10 request with the URI SAN <c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c> as a
/// <c>certificates.k8s.io/v1</c> CertificateSigningRequest (signer <c>tdcc.io/gateway</c>) on the hub, the answer awaited
/// by watch (a Denied or Failed condition is a <see cref="CertificateRequestDeniedException"/> with the hub's reason), the
/// trust bundle from the hub's ConfigMap. Renewal with a new key once <see cref="CsrCredentialSourceOptions.RenewAfterFraction"/>
/// of the validity has passed; the current credentials stay in force until the new ones replace them, so no
/// connection or request is dropped. Failures are retried with exponential backoff. Each CSR object is deleted once
/// answered.
/// </summary>
public sealed partial class CsrCredentialSource : IGatewayCredentialSource, IAsyncDisposable
{
    private const string SignerName = "tdcc.io/gateway";
    private const string TrustBundleKey = "ca.crt";

    private readonly IKubeClient _hub;
    private readonly CsrCredentialSourceOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource _changed = new();
    private GatewayCredentials? _current;
    private CsrCredentialStatus _status = new(null, null, null, null);
    private Task _loop = Task.CompletedTask;

    private CsrCredentialSource(IKubeClient hub, CsrCredentialSourceOptions options, TimeProvider time, ILogger logger)
    {
        _hub = hub;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public GatewayCredentials? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    /// <summary>The certificate in force and the next renewal, for <c>tdcc gateway status</c>.</summary>
    public CsrCredentialStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Starts requesting credentials in the background; <see cref="WaitForCredentialsAsync"/> awaits the first.</summary>
    public static CsrCredentialSource Start(IKubeClient hub, CsrCredentialSourceOptions options, TimeProvider? time = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(options.Cluster);
        if (options.RenewAfterFraction is <= 0 or >= 1 || double.IsNaN(options.RenewAfterFraction))
        {
            throw new ArgumentException($"RenewAfterFraction must be in (0, 1), not {options.RenewAfterFraction}.", nameof(options));
        }

        var source = new CsrCredentialSource(hub, options, time ?? TimeProvider.System, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<CsrCredentialSource>());
        source._loop = source.RunAsync(source._stop.Token);
        return source;
    }

    public IChangeToken GetChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_changed.Token);
        }
    }

    /// <summary>Completes when the first credentials are in force.</summary>
    public Task WaitForCredentialsAsync(CancellationToken cancellationToken) => _first.Task.WaitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        lock (_gate)
        {
            _changed.Dispose();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var credentials = await ObtainAsync(cancellationToken).ConfigureAwait(false);
                var now = _time.GetUtcNow();
                var notAfter = new DateTimeOffset(credentials.Certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
                var renewAt = now + ((notAfter - now) * _options.RenewAfterFraction);
                Swap(credentials, new CsrCredentialStatus(credentials.Certificate.SerialNumber, notAfter, renewAt, null));
                Log.Issued(_logger, credentials.Certificate.SerialNumber, notAfter, renewAt);
                failures = 0;
                wait = renewAt - now;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException or CertificateRequestDeniedException or CryptographicException or TimeoutException or InvalidOperationException)
            {
                var delay = Backoff(failures++);
                lock (_gate)
                {
                    _status = _status with { NextRenewal = _time.GetUtcNow() + delay, LastError = e.Message };
                }

                Log.Failed(_logger, _options.Cluster, delay, e.Message);
                wait = delay;
            }

            try
            {
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var delay = _options.RetryInitialDelay * Math.Pow(2, Math.Min(failures, 16));
        return delay < _options.RetryMaxDelay ? delay : _options.RetryMaxDelay;
    }

    private void Swap(GatewayCredentials credentials, CsrCredentialStatus status)
    {
        CancellationTokenSource fired;
        lock (_gate)
        {
            _current = credentials;
            _status = status;
            fired = _changed;
            _changed = new CancellationTokenSource();
        }

        // The previous certificate is not disposed: connections made with it may still use it.
        fired.Cancel();
        fired.Dispose();
        _first.TrySetResult();
    }

    /// <summary>One request: key, CSR, the hub's answer, the trust bundle. The CSR object is deleted afterwards.</summary>
    private async Task<GatewayCredentials> ObtainAsync(CancellationToken cancellationToken)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var spiffeId = new Uri($"spiffe://{_options.TrustDomain}/cluster/{_options.Cluster}/gateway");
        var request = new CertificateRequest("O=tdcc-mesh", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(spiffeId);
        request.CertificateExtensions.Add(san.Build());
        var name = $"gateway-{_options.Cluster}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}";
        var client = _hub.Resource<CertificateSigningRequest>();
        var created = await client.CreateAsync(
            new CertificateSigningRequest
            {
                Metadata = new ObjectMeta { Name = name, Labels = ImmutableDictionary<string, string>.Empty.Add("tdcc.io/gateway-cluster", _options.Cluster) },
                Spec = new CertificateSigningRequestSpec
                {
                    Request = Encoding.UTF8.GetBytes(request.CreateSigningRequestPem()),
                    SignerName = SignerName,
                    Usages = ["digital signature", "server auth", "client auth"],
                    ExpirationSeconds = _options.RequestedLifetime is { } lifetime ? (int)lifetime.TotalSeconds : null,
                },
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        Log.Requested(_logger, name, spiffeId);
        try
        {
            var answered = await AwaitAnswerAsync(client, created, cancellationToken).ConfigureAwait(false);
            var chain = new X509Certificate2Collection();
            chain.ImportFromPem(Encoding.UTF8.GetString(answered.Status!.Certificate!));
            if (chain.Count == 0)
            {
                throw new InvalidOperationException($"The hub's certificate for CSR {name} holds no certificate.");
            }

            using var leaf = chain[0];
            var certificate = leaf.CopyWithPrivateKey(key);
            var bundle = await TrustBundleAsync(cancellationToken).ConfigureAwait(false);
            return new GatewayCredentials(certificate, bundle, _options.TrustDomain);
        }
        finally
        {
            try
            {
                await client.DeleteAsync(null, name, cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is KubeApiException or HttpRequestException)
            {
                Log.DeleteFailed(_logger, name, e.Message);
            }
        }
    }

    private async Task<CertificateSigningRequest> AwaitAnswerAsync(IResourceClient<CertificateSigningRequest> client, CertificateSigningRequest created, CancellationToken cancellationToken)
    {
        var name = created.Metadata.Name!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.IssueTimeout);
        var resourceVersion = created.Metadata.ResourceVersion;
        try
        {
            while (true)
            {
                // Read first (the answer may have come before the watch), then watch from that version.
                var current = await client.GetAsync(null, name, timeout.Token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The CSR {name} was deleted before the hub answered.");
                if (Answer(current) is { } answered)
                {
                    return answered;
                }

                resourceVersion = current.Metadata.ResourceVersion ?? resourceVersion;
                var options = new WatchOptions { FieldSelector = "metadata.name=" + name, ResourceVersion = resourceVersion, Timeout = TimeSpan.FromSeconds(30) };
                await foreach (var change in client.WatchAsync(options, timeout.Token).ConfigureAwait(false))
                {
                    if (change.Object is { } csr && Answer(csr) is { } result)
                    {
                        return result;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The hub did not answer the gateway certificate request {name} within {_options.IssueTimeout}.");
        }
    }

    /// <summary>The CSR when it is answered (a certificate), null while pending; throws when it was denied or failed.</summary>
    private static CertificateSigningRequest? Answer(CertificateSigningRequest csr)
    {
        foreach (var refusal in new[] { CertificateSigningRequest.Denied, CertificateSigningRequest.Failed })
        {
            if (csr.Condition(refusal) is { } condition)
            {
                throw new CertificateRequestDeniedException($"The hub {(refusal == CertificateSigningRequest.Denied ? "denied" : "failed")} the gateway certificate request {csr.Metadata.Name}: {condition.Message ?? condition.Reason}");
            }
        }

        return csr.Status?.Certificate is { Length: > 0 } ? csr : null;
    }

    private async Task<X509Certificate2Collection> TrustBundleAsync(CancellationToken cancellationToken)
    {
        var map = await _hub.Resource<ConfigMap>().GetAsync(_options.TrustBundleNamespace, _options.TrustBundleName, cancellationToken).ConfigureAwait(false);
        if (map?.Data?.GetValueOrDefault(TrustBundleKey) is not { Length: > 0 } pem)
        {
            throw new InvalidOperationException($"The hub has no trust bundle yet (ConfigMap {_options.TrustBundleNamespace}/{_options.TrustBundleName}, key {TrustBundleKey}).");
        }

        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPem(pem);
        return bundle;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 8590, Level = LogLevel.Information, Message = "Requested a gateway certificate for {SpiffeId} (CSR {Csr})")]
        public static partial void Requested(ILogger logger, string csr, Uri spiffeId);

        [LoggerMessage(EventId = 8591, Level = LogLevel.Information, Message = "Gateway certificate in force: serial {Serial}, valid until {NotAfter}, renewal at {RenewAt}")]
        public static partial void Issued(ILogger logger, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

        [LoggerMessage(EventId = 8592, Level = LogLevel.Warning, Message = "Gateway certificate for cluster {Cluster} not obtained, retrying in {Delay}: {Reason}")]
        public static partial void Failed(ILogger logger, string cluster, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 8593, Level = LogLevel.Debug, Message = "Could not delete the answered CSR {Csr}: {Reason}")]
        public static partial void DeleteFailed(ILogger logger, string csr, string reason);
    }
}
