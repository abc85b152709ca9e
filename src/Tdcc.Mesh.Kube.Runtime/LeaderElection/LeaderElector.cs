using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>
/// client-go's <c>LeaderElector</c> over a Lease. A candidate takes the lease when it is absent (create), free
/// (no holder), expired or already its own; writes carry the read resourceVersion, so of two racing candidates one
/// gets a conflict and retries a period later. Expiry is judged on the candidate's own clock from when it saw the
/// holder's renewals (<see cref="ObservedLease"/>), as client-go's <c>observedTime</c>, never from the holder's
/// timestamps alone; a candidate that finds the lease held waits until its expiry or a retry period, whichever
/// comes first, so a crashed leader is replaced when its lease expires rather than up to a period later. The
/// leader renews every <see cref="LeaderElectionOptions.RetryPeriod"/> and steps down when it has not renewed
/// for <see cref="LeaderElectionOptions.RenewDeadline"/> or sees another holder. Unlike client-go, a candidate
/// that lost leadership campaigns again instead of returning.
/// </summary>
internal sealed partial class LeaderElector : ILeaderElector
{
    private readonly IResourceClient<Lease> leases;
    private readonly LeaderElectionOptions options;
    private readonly TimeProvider time;
    private readonly LeaderElectionInstruments instruments;
    private readonly ILogger logger;
    private readonly KeyValuePair<string, object?> leaseTag;
    private readonly ObservedLease observed;
    private readonly Lock gate = new();
    private readonly List<LeaderCallbacks> subscribers = [];
    private CancellationTokenSource? leading;
    private string? leaderIdentity;
    private int running;

    public LeaderElector(IKubeClient client, LeaderElectionOptions options, TimeProvider time, LeaderElectionInstruments instruments, ILogger<LeaderElector> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        leases = client.Resource<Lease>();
        this.options = options;
        this.time = time;
        this.instruments = instruments;
        this.logger = logger;
        leaseTag = new("lease", $"{options.LeaseNamespace}/{options.LeaseName}");
        observed = new ObservedLease(time);
        instruments.IsLeader.Record(0, leaseTag);
    }

    private enum Attempt
    {
        /// <summary>The lease is ours now.</summary>
        Holding,

        /// <summary>Another candidate holds an unexpired lease.</summary>
        HeldByOther,

        /// <summary>The attempt failed (conflict, error, timeout); try again next period.</summary>
        Failed,
    }

    public string Identity => options.Identity;

    public bool IsLeader
    {
        get
        {
            lock (gate)
            {
                return leading is not null;
            }
        }
    }

    public string? LeaderIdentity
    {
        get
        {
            lock (gate)
            {
                return leaderIdentity;
            }
        }
    }

    public IDisposable Subscribe(LeaderCallbacks callbacks)
    {
        ArgumentNullException.ThrowIfNull(callbacks);
        CancellationToken? current;
        lock (gate)
        {
            subscribers.Add(callbacks);
            current = leading?.Token;
        }

        if (current is { } token)
        {
            Invoke(callbacks.OnStartedLeading, token);
        }

        return new Subscription(this, callbacks);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref running, 1) == 1)
        {
            throw new InvalidOperationException("the leader elector is already running");
        }

        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var acquiredAt = await AcquireAsync(cancellationToken).ConfigureAwait(false);
                await LeadAsync(acquiredAt, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            Volatile.Write(ref running, 0);
        }
    }

    /// <summary>Returns once the lease is ours, with the renewTime written; throws when cancelled.</summary>
    private async Task<DateTimeOffset> AcquireAsync(CancellationToken cancellationToken)
    {
        Log.Campaigning(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        while (true)
        {
            var attemptStart = time.GetUtcNow();
            var attempt = await TryAcquireOrRenewAsync(options.RenewDeadline, cancellationToken).ConfigureAwait(false);
            if (attempt == Attempt.Holding)
            {
                return attemptStart;
            }

#pragma warning disable CA5394 // Jitter only spreads candidates out; it needs no cryptographic randomness.
            var wait = options.RetryPeriod + options.RetryPeriod * (options.RetryJitter * Random.Shared.NextDouble());
#pragma warning restore CA5394

            // A held lease is tried again the moment it expires, when that comes before the next period.
            if (attempt == Attempt.HeldByOther && observed.ExpiresIn is { } expiresIn && expiresIn < wait)
            {
                wait = expiresIn > TimeSpan.Zero ? expiresIn : TimeSpan.FromMilliseconds(1);
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Leads until renewal fails past the deadline, another holder shows up, or cancellation (which releases the lease).</summary>
    private async Task LeadAsync(DateTimeOffset acquiredAt, CancellationToken cancellationToken)
    {
        var term = new CancellationTokenSource();
        StartLeading(term);
        // The renewTime last written: the deadline counts from when that attempt started, so however slow the
        // call was, the leader stops before renewTime + LeaseDuration, when others may take the lease.
        var lastRenew = acquiredAt;
        try
        {
            while (true)
            {
                var remaining = lastRenew + options.RenewDeadline - time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining < options.RetryPeriod ? remaining : options.RetryPeriod, time, cancellationToken).ConfigureAwait(false);
                    remaining = lastRenew + options.RenewDeadline - time.GetUtcNow();
                }

                if (remaining <= TimeSpan.Zero)
                {
                    Log.RenewDeadlineExceeded(logger, options.Identity, options.LeaseNamespace, options.LeaseName, options.RenewDeadline);
                    return;
                }

                var attemptStart = time.GetUtcNow();
                var attempt = await TryAcquireOrRenewAsync(remaining, cancellationToken).ConfigureAwait(false);
                if (attempt == Attempt.Holding)
                {
                    lastRenew = attemptStart;
                }
                else if (attempt == Attempt.HeldByOther)
                {
                    Log.LostToOther(logger, options.Identity, options.LeaseNamespace, options.LeaseName, LeaderIdentity);
                    return;
                }
            }
        }
        finally
        {
            StopLeading(term);
            if (cancellationToken.IsCancellationRequested && options.ReleaseOnCancel)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<Attempt> TryAcquireOrRenewAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var token = linked.Token;
        try
        {
            var now = time.GetUtcNow();
            var readStart = observed.Now;
            var lease = await leases.GetAsync(options.LeaseNamespace, options.LeaseName, token).ConfigureAwait(false);
            if (lease is null)
            {
                var created = await leases.CreateAsync(
                    new Lease
                    {
                        Metadata = new ObjectMeta { Namespace = options.LeaseNamespace, Name = options.LeaseName },
                        Spec = new LeaseSpec
                        {
                            HolderIdentity = options.Identity,
                            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                            AcquireTime = now,
                            RenewTime = now,
                            LeaseTransitions = 0,
                        },
                    },
                    cancellationToken: token).ConfigureAwait(false);
                Observe(created);
                return Attempt.Holding;
            }

            Observe(lease);
            var spec = lease.Spec ?? new LeaseSpec();
            observed.Record(spec, readStart);
            var ours = string.Equals(spec.HolderIdentity, options.Identity, StringComparison.Ordinal);
            if (!ours && !string.IsNullOrEmpty(spec.HolderIdentity) && !observed.Expired)
            {
                return Attempt.HeldByOther;
            }

            var renewed = spec with
            {
                HolderIdentity = options.Identity,
                LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
                AcquireTime = ours ? spec.AcquireTime ?? now : now,
                RenewTime = now,
                LeaseTransitions = ours ? spec.LeaseTransitions ?? 0 : (spec.LeaseTransitions ?? 0) + 1,
            };

            // The update carries the resourceVersion read above: a racing write makes it fail with 409.
            var updated = await leases.UpdateAsync(lease with { Spec = renewed }, cancellationToken: token).ConfigureAwait(false);
            Observe(updated);
            return Attempt.Holding;
        }
        catch (KubeApiException ex) when (ex.IsConflict || ex.Reason == KubeErrorReason.AlreadyExists)
        {
            Log.WriteConflict(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
            return Attempt.Failed;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            instruments.RenewFailures.Add(1, leaseTag);
            Log.AttemptTimedOut(logger, options.Identity, options.LeaseNamespace, options.LeaseName, timeout);
            return Attempt.Failed;
        }
#pragma warning disable CA1031 // Any API failure is one failed attempt; the deadline decides when it costs leadership.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            instruments.RenewFailures.Add(1, leaseTag);
            Log.AttemptFailed(logger, ex, options.Identity, options.LeaseNamespace, options.LeaseName);
            return Attempt.Failed;
        }
    }

    /// <summary>Gives the lease up after a graceful stop: no holder and a one-second duration, as client-go's ReleaseOnCancel writes.</summary>
    private async Task ReleaseAsync()
    {
        using var deadline = new CancellationTokenSource(options.RenewDeadline, time);
        try
        {
            var lease = await leases.GetAsync(options.LeaseNamespace, options.LeaseName, deadline.Token).ConfigureAwait(false);
            if (lease?.Spec is not { } spec || !string.Equals(spec.HolderIdentity, options.Identity, StringComparison.Ordinal))
            {
                return;
            }

            var now = time.GetUtcNow();
            var released = spec with { HolderIdentity = null, LeaseDurationSeconds = 1, AcquireTime = now, RenewTime = now };
            await leases.UpdateAsync(lease with { Spec = released }, cancellationToken: deadline.Token).ConfigureAwait(false);
            Log.Released(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        }
#pragma warning disable CA1031 // Releasing is a courtesy: when it fails the lease simply expires.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ReleaseFailed(logger, ex, options.Identity, options.LeaseNamespace, options.LeaseName);
        }
    }

    private void Observe(Lease lease)
    {
        var holder = lease.Spec?.HolderIdentity;
        List<LeaderCallbacks> snapshot;
        lock (gate)
        {
            if (string.IsNullOrEmpty(holder) || string.Equals(holder, leaderIdentity, StringComparison.Ordinal))
            {
                return;
            }

            leaderIdentity = holder;
            snapshot = [.. subscribers];
        }

        Log.NewLeader(logger, options.LeaseNamespace, options.LeaseName, holder);
        foreach (var callbacks in snapshot)
        {
            Invoke(callbacks.OnNewLeader, holder);
        }
    }

    private void StartLeading(CancellationTokenSource term)
    {
        List<LeaderCallbacks> snapshot;
        lock (gate)
        {
            leading = term;
            snapshot = [.. subscribers];
        }

        instruments.IsLeader.Record(1, leaseTag);
        instruments.Transitions.Add(1, leaseTag, new KeyValuePair<string, object?>("direction", "started"));
        Log.StartedLeading(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        foreach (var callbacks in snapshot)
        {
            Invoke(callbacks.OnStartedLeading, term.Token);
        }
    }

    private void StopLeading(CancellationTokenSource term)
    {
        List<LeaderCallbacks> snapshot;
        lock (gate)
        {
            leading = null;
            snapshot = [.. subscribers];
        }

        // Cancel first: work done for this term must stop before anyone hears that it ended.
        term.Cancel();
        term.Dispose();
        instruments.IsLeader.Record(0, leaseTag);
        instruments.Transitions.Add(1, leaseTag, new KeyValuePair<string, object?>("direction", "stopped"));
        Log.StoppedLeading(logger, options.Identity, options.LeaseNamespace, options.LeaseName);
        foreach (var callbacks in snapshot)
        {
            Invoke(callbacks.OnStoppedLeading);
        }
    }

    private void Invoke<TArg>(Action<TArg>? callback, TArg argument)
    {
        try
        {
            callback?.Invoke(argument);
        }
#pragma warning disable CA1031 // A subscriber's failure must not break the election loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CallbackFailed(logger, ex, options.LeaseNamespace, options.LeaseName);
        }
    }

    private void Invoke(Action? callback)
    {
        try
        {
            callback?.Invoke();
        }
#pragma warning disable CA1031 // A subscriber's failure must not break the election loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CallbackFailed(logger, ex, options.LeaseNamespace, options.LeaseName);
        }
    }

    private void Unsubscribe(LeaderCallbacks callbacks)
    {
        lock (gate)
        {
            subscribers.Remove(callbacks);
        }
    }

    private sealed class Subscription(LeaderElector owner, LeaderCallbacks callbacks) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(callbacks);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1500, EventName = "LeaderCampaigning", Level = LogLevel.Information,
            Message = "{Identity} is campaigning for lease {Namespace}/{Lease}")]
        public static partial void Campaigning(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1501, EventName = "LeaderStartedLeading", Level = LogLevel.Information,
            Message = "{Identity} started leading with lease {Namespace}/{Lease}")]
        public static partial void StartedLeading(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1502, EventName = "LeaderStoppedLeading", Level = LogLevel.Information,
            Message = "{Identity} stopped leading with lease {Namespace}/{Lease}")]
        public static partial void StoppedLeading(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1503, EventName = "LeaderRenewDeadlineExceeded", Level = LogLevel.Warning,
            Message = "{Identity} could not renew lease {Namespace}/{Lease} within {RenewDeadline}; stepping down")]
        public static partial void RenewDeadlineExceeded(ILogger logger, string identity, string @namespace, string lease, TimeSpan renewDeadline);

        [LoggerMessage(EventId = 1504, EventName = "LeaderLostToOther", Level = LogLevel.Warning,
            Message = "{Identity} found lease {Namespace}/{Lease} held by {Holder}; stepping down")]
        public static partial void LostToOther(ILogger logger, string identity, string @namespace, string lease, string? holder);

        [LoggerMessage(EventId = 1505, EventName = "LeaseWriteConflict", Level = LogLevel.Debug,
            Message = "{Identity} raced another writer of lease {Namespace}/{Lease}; retrying next period")]
        public static partial void WriteConflict(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1506, EventName = "LeaseAttemptTimedOut", Level = LogLevel.Warning,
            Message = "{Identity} timed out after {Timeout} acquiring or renewing lease {Namespace}/{Lease}")]
        public static partial void AttemptTimedOut(ILogger logger, string identity, string @namespace, string lease, TimeSpan timeout);

        [LoggerMessage(EventId = 1507, EventName = "LeaseAttemptFailed", Level = LogLevel.Warning,
            Message = "{Identity} failed to acquire or renew lease {Namespace}/{Lease}")]
        public static partial void AttemptFailed(ILogger logger, Exception exception, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1508, EventName = "LeaseReleased", Level = LogLevel.Information,
            Message = "{Identity} released lease {Namespace}/{Lease}")]
        public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1509, EventName = "LeaseReleaseFailed", Level = LogLevel.Warning,
            Message = "{Identity} could not release lease {Namespace}/{Lease}; it expires on its own")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string identity, string @namespace, string lease);

        [LoggerMessage(EventId = 1510, EventName = "LeaderObserved", Level = LogLevel.Information,
            Message = "Lease {Namespace}/{Lease} is held by {Holder}")]
        public static partial void NewLeader(ILogger logger, string @namespace, string lease, string holder);

        [LoggerMessage(EventId = 1511, EventName = "LeaderCallbackFailed", Level = LogLevel.Error,
            Message = "A leader election callback of lease {Namespace}/{Lease} failed")]
        public static partial void CallbackFailed(ILogger logger, Exception exception, string @namespace, string lease);
    }
}
