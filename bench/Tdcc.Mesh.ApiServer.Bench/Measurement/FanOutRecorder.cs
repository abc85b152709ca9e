using System.Diagnostics;

namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>
/// Collects a fan-out run: each write's version and response time, and each watcher's receive times, then turns them
/// into delivery latencies (receive time minus the time the writer had the response).
/// </summary>
internal sealed class FanOutRecorder
{
    private readonly WatcherLog[] _watchers;
    private readonly long[] _versions;
    private readonly long[] _respondedAt;
    private readonly long[] _writeLatency;
    private readonly TaskCompletionSource _allReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ready;
    private int _writes;

    public FanOutRecorder(int watchers, int writes)
    {
        _watchers = new WatcherLog[watchers];
        for (var i = 0; i < watchers; i++)
        {
            _watchers[i] = new WatcherLog(writes, OnReady);
        }

        _versions = new long[writes];
        _respondedAt = new long[writes];
        _writeLatency = new long[writes];
    }

    public IReadOnlyList<WatcherLog> Watchers => _watchers;

    /// <summary>Records write <paramref name="index"/>: the version it produced, when it was sent and when its response arrived.</summary>
    public void RecordWrite(int index, long version, long sentAt, long respondedAt)
    {
        _versions[index] = version;
        _respondedAt[index] = respondedAt;
        _writeLatency[index] = respondedAt - sentAt;
        _writes = Math.Max(_writes, index + 1);
    }

    /// <summary>
    /// Waits until every watcher is established. Fails when a watch loop ends first (its error surfaces here) or
    /// after <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitAllReadyAsync(IReadOnlyCollection<Task> loops, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var anyEnded = Task.WhenAny(loops);
        Task first;
        try
        {
            first = await Task.WhenAny(_allReady.Task, anyEnded).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"only {Volatile.Read(ref _ready)} of {_watchers.Length} watchers were established after {timeout.TotalSeconds:0} s");
        }

        if (first != _allReady.Task)
        {
            await (await anyEnded.ConfigureAwait(false)).ConfigureAwait(false);
            throw new InvalidOperationException($"a watch ended before all {_watchers.Length} were established ({Volatile.Read(ref _ready)} were)");
        }
    }

    /// <summary>Waits until every open watcher has received <paramref name="version"/>, or the grace period ends.</summary>
    public async Task WaitCaughtUpAsync(long version, TimeSpan grace, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(grace.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !_watchers.All(w => w.Closed || w.LastVersion >= version))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The figures of the run; call after every watch loop has ended.</summary>
    public FanOutResult Summarize(string target)
    {
        var writeIndex = new Dictionary<long, int>(_writes);
        for (var i = 0; i < _writes; i++)
        {
            writeIndex[_versions[i]] = i;
        }

        var latencies = new List<long>(_watchers.Length * _writes);
        long early = 0;
        var behind = 0;
        var closed = 0;
        foreach (var watcher in _watchers)
        {
            var seen = 0;
            foreach (var (version, at) in watcher.Events)
            {
                if (!writeIndex.TryGetValue(version, out var index))
                {
                    continue;
                }

                seen++;
                var latency = at - _respondedAt[index];
                if (latency < 0)
                {
                    early++;
                    latency = 0;
                }

                latencies.Add(latency);
            }

            if (watcher.Closed)
            {
                closed++;
            }
            else if (seen < _writes)
            {
                behind++;
            }
        }

        return new FanOutResult(
            target,
            _watchers.Length,
            _writes,
            latencies.Count,
            LatencySummary.FromStopwatchTicks([.. latencies]),
            early,
            behind,
            closed,
            LatencySummary.FromStopwatchTicks(_writeLatency[.._writes]));
    }

    private void OnReady()
    {
        if (Interlocked.Increment(ref _ready) == _watchers.Length)
        {
            _allReady.TrySetResult();
        }
    }
}
