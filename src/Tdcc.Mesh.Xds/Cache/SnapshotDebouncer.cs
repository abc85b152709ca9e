namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// One timer for all groups: it fires at min(last submit + quiet period, first pending submit + max delay) and
/// publishes everything pending. Memory is bounded by the number of groups (one pending snapshot each).
/// </summary>
internal sealed class SnapshotDebouncer : ISnapshotDebouncer
{
    private readonly ISnapshotCache _cache;
    private readonly SnapshotDebounceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Snapshot> _pending = new(StringComparer.Ordinal);
    private readonly ITimer _timer;
    private DateTimeOffset _firstPendingAt;
    private bool _disposed;

    public SnapshotDebouncer(ISnapshotCache cache, SnapshotDebounceOptions options, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QuietPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxDelay, options.QuietPeriod);
        _cache = cache;
        _options = options;
        _timeProvider = timeProvider;
        _timer = timeProvider.CreateTimer(static state => ((SnapshotDebouncer)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public void Submit(string group, Snapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(snapshot);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _timeProvider.GetUtcNow();
            if (_pending.Count == 0)
            {
                _firstPendingAt = now;
            }

            _pending[group] = snapshot;
            var due = Min(now + _options.QuietPeriod, _firstPendingAt + _options.MaxDelay) - now;
            _timer.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
        }
    }

    public void Flush()
    {
        KeyValuePair<string, Snapshot>[] due;
        lock (_gate)
        {
            due = [.. _pending];
            _pending.Clear();
            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        foreach (var (group, snapshot) in due)
        {
            _cache.SetSnapshot(group, snapshot);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _pending.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
        }

        Flush();
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
