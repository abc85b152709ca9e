using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>
/// When another holder's lease expires, on this candidate's own monotonic clock, never on the holder's. Like client-go's
/// <c>observedTime</c>, a renewal counts from when this candidate saw the record change, so a holder whose clock is
/// behind or ahead is neither robbed nor waited for too long. Unlike it, the renewal is not placed at the end of the
/// read that saw it (up to a retry period after it happened) but estimated: the holder's <c>renewTime</c> plus the
/// smallest <c>seen - renewTime</c> measured for this holder (an upper bound of the offset between the two clocks,
/// tight after a few reads), kept inside what the reads prove: after the start of the previous read (which still
/// showed the old record) and before the end of this one. So a standby tries at the expiry, not up to a retry period
/// late, and a holder's clock jump can move the estimate by one read interval at most.
/// </summary>
internal sealed class ObservedLease(TimeProvider time)
{
    private readonly long origin = time.GetTimestamp();
    private Seen? record;
    private string? holder;
    private TimeSpan? offset;
    private TimeSpan previousReadStart;
    private TimeSpan renewedAt;
    private TimeSpan duration;

    /// <summary>This candidate's clock: the time since the observation was created.</summary>
    public TimeSpan Now => time.GetElapsedTime(origin);

    /// <summary>How long until the observed lease expires (zero or less: expired); null before any read.</summary>
    public TimeSpan? ExpiresIn => record is null ? null : renewedAt + duration - Now;

    /// <summary>Whether the observed lease has expired by this candidate's clock (true before any read).</summary>
    public bool Expired => ExpiresIn is not { } remaining || remaining <= TimeSpan.Zero;

    /// <summary>Records what a read that started at <paramref name="readStart"/> (<see cref="Now"/>) returned.</summary>
    public void Record(LeaseSpec spec, TimeSpan readStart)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var seen = Now;
        var current = new Seen(spec.HolderIdentity, spec.LeaseDurationSeconds, spec.AcquireTime, spec.RenewTime, spec.LeaseTransitions);
        var lowerBound = record is null ? (TimeSpan?)null : previousReadStart;
        previousReadStart = readStart;
        if (current == record)
        {
            return;
        }

        record = current;
        duration = TimeSpan.FromSeconds(spec.LeaseDurationSeconds ?? 0);
        if (!string.Equals(holder, spec.HolderIdentity, StringComparison.Ordinal))
        {
            // Another holder runs on another clock: its offset is learned afresh.
            holder = spec.HolderIdentity;
            offset = null;
        }

        if (spec.RenewTime is not { } renewTime)
        {
            renewedAt = seen;
            return;
        }

        var sample = seen - TimeSpan.FromTicks(renewTime.UtcTicks);
        offset = offset is { } known && known < sample ? known : sample;
        var estimate = TimeSpan.FromTicks(renewTime.UtcTicks) + offset.Value;
        renewedAt = lowerBound is { } after && estimate < after ? after : estimate;
    }

    private sealed record Seen(string? Holder, int? DurationSeconds, DateTimeOffset? AcquireTime, DateTimeOffset? RenewTime, int? Transitions);
}
