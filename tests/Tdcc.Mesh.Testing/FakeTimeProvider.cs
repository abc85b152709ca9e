namespace Tdcc.Mesh.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test calls <see cref="Advance"/>.
/// Timers (and so <c>Task.Delay(delay, timeProvider)</c>) fire during <see cref="Advance"/>, in due order.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now;

    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        now = start;
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>How many timers are armed; lets a test wait until a background loop has started its delay.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (gate)
            {
                return timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        lock (gate)
        {
            timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + delta;
        }

        while (true)
        {
            FakeTimer? next;
            lock (gate)
            {
                next = timers.Where(t => t.DueAt is { } due && due <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    now = target;
                    return;
                }

                now = next.DueAt!.Value;
                next.Rearm();
            }

            next.Fire();
        }
    }

    /// <summary>Sets the clock to an absolute time (forward only), firing timers like <see cref="Advance"/>.</summary>
    public void SetUtcNow(DateTimeOffset value) => Advance(value - GetUtcNow());

    private void Remove(FakeTimer timer)
    {
        lock (gate)
        {
            timers.Remove(timer);
        }
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                this.period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
            }

            if (dueTime == TimeSpan.Zero)
            {
                // A zero due time fires at once, as a real timer would (on the caller's thread here).
                owner.Advance(TimeSpan.Zero);
            }

            return true;
        }

        /// <summary>Called under the owner's lock before firing: periodic timers move on, one-shot timers disarm.</summary>
        public void Rearm() =>
            DueAt = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? null : DueAt + period;

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.gate)
            {
                DueAt = null;
            }

            owner.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
