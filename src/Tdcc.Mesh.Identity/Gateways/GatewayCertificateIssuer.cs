using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity.Gateways;

/// <summary>
/// Keeps one current certificate (<c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c>) per member cluster and
/// replaces it once <see cref="GatewayCertificateOptions.RotateAfterFraction"/> of its lifetime has passed. The
/// certificates are published as an immutable <see cref="GatewayCertificateSet"/> whose change token fires when a newer
/// set replaces it. Memory holds one certificate per cluster asked for; <see cref="SetClusters"/> drops the others.
/// </summary>
/// <remarks>
/// Rotation happens on read (<see cref="GetCurrent"/>, <see cref="GetCertificate"/> rotate what is due before answering)
/// and in <see cref="RunAsync"/>, which wakes when the next certificate is due, so change-token consumers hear of a
/// rotation without asking. Both follow the injected <see cref="TimeProvider"/>.
/// </remarks>
public sealed partial class GatewayCertificateIssuer : IDisposable
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly MeshCertificateAuthority _authority;
    private readonly GatewayCertificateOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource _replaced = new();
    private GatewayCertificateSet _current;

    public GatewayCertificateIssuer(MeshCertificateAuthority authority, GatewayCertificateOptions? options = null, TimeProvider? time = null, ILogger<GatewayCertificateIssuer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        _options = options ?? new GatewayCertificateOptions();
        _options.Validate();
        _authority = authority;
        _time = time ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _current = new GatewayCertificateSet(0, authority.TrustDomain, authority.RootCertificatePem, FrozenDictionary<string, IssuedCertificate>.Empty, null, _replaced.Token);
    }

    /// <summary>The trust domain of the certificates.</summary>
    public string TrustDomain => _authority.TrustDomain;

    /// <summary>The current set, after rotating every certificate that is due.</summary>
    public GatewayCertificateSet GetCurrent()
    {
        RotateDue();
        return Volatile.Read(ref _current);
    }

    /// <summary>The current certificate of <paramref name="cluster"/>: issued when it has none, replaced first when due.</summary>
    public IssuedCertificate GetCertificate(string cluster)
    {
        ArgumentException.ThrowIfNullOrEmpty(cluster);
        if (GetCurrent().Certificates.TryGetValue(cluster, out var certificate))
        {
            return certificate;
        }

        CancellationTokenSource replaced;
        lock (_gate)
        {
            if (_current.Certificates.TryGetValue(cluster, out certificate))
            {
                return certificate;
            }

            certificate = Issue(cluster);
            replaced = Publish(new Dictionary<string, IssuedCertificate>(_current.Certificates, StringComparer.Ordinal) { [cluster] = certificate });
        }

        replaced.Cancel();
        return certificate;
    }

    /// <summary>Keeps certificates for exactly <paramref name="clusters"/>: issues the missing ones and drops the others.</summary>
    public GatewayCertificateSet SetClusters(IEnumerable<string> clusters)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var wanted = clusters.ToHashSet(StringComparer.Ordinal);
        if (wanted.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("Cluster names must not be empty.", nameof(clusters));
        }

        RotateDue();
        CancellationTokenSource replaced;
        GatewayCertificateSet published;
        lock (_gate)
        {
            var current = _current;
            if (wanted.SetEquals(current.Certificates.Keys))
            {
                return current;
            }

            var certificates = new Dictionary<string, IssuedCertificate>(StringComparer.Ordinal);
            foreach (var cluster in wanted.Order(StringComparer.Ordinal))
            {
                certificates[cluster] = current.Certificates.TryGetValue(cluster, out var kept) ? kept : Issue(cluster);
            }

            foreach (var dropped in current.Certificates.Keys.Where(cluster => !wanted.Contains(cluster)))
            {
                Log.Dropped(_logger, dropped);
            }

            replaced = Publish(certificates);
            published = _current;
        }

        replaced.Cancel();
        return published;
    }

    /// <summary>Replaces every certificate that is due now; true when any was.</summary>
    public bool RotateDue()
    {
        CancellationTokenSource replaced;
        lock (_gate)
        {
            var current = _current;
            var now = _time.GetUtcNow();
            if (current.NextRotation is not { } next || next > now)
            {
                return false;
            }

            var certificates = new Dictionary<string, IssuedCertificate>(current.Certificates, StringComparer.Ordinal);
            foreach (var (cluster, certificate) in current.Certificates)
            {
                if (certificate.RenewAt(_options.RotateAfterFraction) <= now)
                {
                    certificates[cluster] = Issue(cluster);
                    Log.Rotated(_logger, cluster, certificate.SerialNumber, certificates[cluster].SerialNumber);
                }
            }

            replaced = Publish(certificates);
        }

        replaced.Cancel();
        return true;
    }

    /// <summary>
    /// Rotates each certificate when it falls due until <paramref name="cancellationToken"/> is cancelled, waking early
    /// whenever the set changes. A failed rotation is logged and tried again after <see cref="GatewayCertificateOptions.RetryInterval"/>.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            GatewayCertificateSet current;
            TimeSpan wait;
            try
            {
                current = GetCurrent();
                wait = current.NextRotation is { } next ? Clamp(next - _time.GetUtcNow()) : Timeout.InfiniteTimeSpan;
            }
            catch (Exception e) when (e is CertificateAuthorityException or CryptographicException)
            {
                Log.RotationFailed(_logger, _options.RetryInterval, e);
                current = Volatile.Read(ref _current);
                wait = _options.RetryInterval;
            }

            if (wait == TimeSpan.Zero)
            {
                continue;
            }

            using var wake = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, current.Replaced);
            try
            {
                await Task.Delay(wait, _time, wake.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The set changed (look again) or we are stopping (the loop condition ends it).
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _replaced.Dispose();
        }
    }

    /// <summary>
    /// Up to a day, rounded up to whole milliseconds: timers count milliseconds, and one that fired a fraction of a
    /// millisecond before the certificate is due would find nothing to rotate and wait zero again and again.
    /// </summary>
    private static TimeSpan Clamp(TimeSpan wait) =>
        wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > MaxWait ? MaxWait : TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds));

    /// <summary>Under the lock.</summary>
    private IssuedCertificate Issue(string cluster)
    {
        var certificate = _authority.IssueGateway(cluster, _options.DnsNames?.Invoke(cluster), _options.Lifetime);
        var renewAt = certificate.RenewAt(_options.RotateAfterFraction);
        Log.Issued(_logger, cluster, certificate.SpiffeId, certificate.SerialNumber, certificate.NotAfter, renewAt);
        return certificate;
    }

    /// <summary>Under the lock: swaps in a new set and returns the source of the old set's token, to be cancelled outside the lock.</summary>
    private CancellationTokenSource Publish(Dictionary<string, IssuedCertificate> certificates)
    {
        var replaced = _replaced;
        _replaced = new CancellationTokenSource();
        DateTimeOffset? next = certificates.Count == 0 ? null : certificates.Values.Min(c => c.RenewAt(_options.RotateAfterFraction));
        Volatile.Write(ref _current, new GatewayCertificateSet(
            _current.Generation + 1,
            _authority.TrustDomain,
            _authority.RootCertificatePem,
            certificates.ToFrozenDictionary(StringComparer.Ordinal),
            next,
            _replaced.Token));
        return replaced;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5010, EventName = "GatewayCertificateIssued", Level = LogLevel.Information,
            Message = "Gateway certificate for cluster {Cluster} issued: {SpiffeId}, serial {Serial}, valid until {NotAfter}, rotates at {RenewAt}")]
        public static partial void Issued(ILogger logger, string cluster, SpiffeId spiffeId, string serial, DateTimeOffset notAfter, DateTimeOffset renewAt);

        [LoggerMessage(EventId = 5011, EventName = "GatewayCertificateRotated", Level = LogLevel.Information,
            Message = "Gateway certificate for cluster {Cluster} rotated: serial {OldSerial} replaced by {NewSerial}")]
        public static partial void Rotated(ILogger logger, string cluster, string oldSerial, string newSerial);

        [LoggerMessage(EventId = 5012, EventName = "GatewayCertificateDropped", Level = LogLevel.Information,
            Message = "Gateway certificate for cluster {Cluster} dropped: the cluster is no longer a member")]
        public static partial void Dropped(ILogger logger, string cluster);

        [LoggerMessage(EventId = 5013, EventName = "GatewayRotationFailed", Level = LogLevel.Error,
            Message = "Gateway certificate rotation failed; trying again in {RetryInterval}")]
        public static partial void RotationFailed(ILogger logger, TimeSpan retryInterval, Exception exception);
    }
}
