using System.Diagnostics.Metrics;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;

namespace Tdcc.Mesh.Kube.Runtime.Queues;

/// <summary>
/// The de-duplicating, delaying queue. Port of the semantics of client-go's <c>workqueue</c> (queue.go and
/// delaying_queue.go): <c>dirty</c> holds items that need processing, <c>processing</c> the items a worker holds,
/// and an item in both is queued again by <see cref="Done"/>. Delayed adds wait in a heap driven by one timer.
/// </summary>
internal sealed class WorkQueue<T> : IDelayingQueue<T>, IDisposable
    where T : notnull
{
    private readonly Lock gate = new();
    private readonly Queue<T> queue = new();
    private readonly HashSet<T> dirty = [];
    private readonly Dictionary<T, long> processing = [];
    private readonly Dictionary<T, long> addedAt = [];
    private readonly Dictionary<T, DateTimeOffset> waiting = [];
    private readonly PriorityQueue<T, DateTimeOffset> waitingByTime = new();
    private readonly List<TaskCompletionSource> getters = [];
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider time;
    private readonly RuntimeInstruments instruments;
    private readonly KeyValuePair<string, object?> nameTag;
    private readonly int maxLength;
    private readonly ITimer timer;
    private bool shuttingDown;

    public WorkQueue(WorkQueueOptions options, TimeProvider time, RuntimeInstruments instruments)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.time = time;
        this.instruments = instruments;
        maxLength = Math.Max(1, options.MaxLength);
        nameTag = new("name", options.Name);
        timer = time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        instruments.RegisterUnfinishedWork(this, ObserveUnfinishedWork);
    }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (gate)
            {
                return shuttingDown;
            }
        }
    }

    public bool Add(T item)
    {
        List<TaskCompletionSource>? wake;
        lock (gate)
        {
            if (!TryAddLocked(item, out wake))
            {
                return !shuttingDown && dirty.Contains(item);
            }
        }

        Wake(wake);
        return true;
    }

    public void AddAfter(T item, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(item);
            return;
        }

        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            var due = time.GetUtcNow() + delay;
            if (waiting.TryGetValue(item, out var existing))
            {
                if (existing <= due)
                {
                    return;
                }
            }
            else if (waiting.Count >= maxLength)
            {
                instruments.QueueRejected.Add(1, nameTag);
                return;
            }

            waiting[item] = due;
            waitingByTime.Enqueue(item, due);
            ArmTimerLocked();
        }
    }

    public async Task<(T Item, bool ShutDown)> GetAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            TaskCompletionSource signal;
            lock (gate)
            {
                if (queue.TryDequeue(out var item))
                {
                    dirty.Remove(item);
                    var now = time.GetTimestamp();
                    processing[item] = now;
                    instruments.QueueDepth.Add(-1, nameTag);
                    if (addedAt.Remove(item, out var added))
                    {
                        instruments.QueueLatency.Record(time.GetElapsedTime(added, now).TotalSeconds, nameTag);
                    }

                    return (item, false);
                }

                if (shuttingDown)
                {
                    return (default!, true);
                }

                signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                getters.Add(signal);
            }

            try
            {
                await signal.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                lock (gate)
                {
                    getters.Remove(signal);
                }

                throw;
            }
        }
    }

    public void Done(T item)
    {
        List<TaskCompletionSource>? wake = null;
        lock (gate)
        {
            if (processing.Remove(item, out var started))
            {
                instruments.WorkDuration.Record(time.GetElapsedTime(started).TotalSeconds, nameTag);
            }

            if (dirty.Contains(item))
            {
                queue.Enqueue(item);
                addedAt.TryAdd(item, time.GetTimestamp());
                instruments.QueueDepth.Add(1, nameTag);
                wake = TakeGettersLocked();
            }

            CheckDrainedLocked();
        }

        Wake(wake);
    }

    public void ShutDown()
    {
        List<TaskCompletionSource>? wake;
        lock (gate)
        {
            if (shuttingDown)
            {
                return;
            }

            shuttingDown = true;
            waiting.Clear();
            waitingByTime.Clear();
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            wake = TakeGettersLocked();
            CheckDrainedLocked();
        }

        instruments.UnregisterUnfinishedWork(this);
        Wake(wake);
    }

    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        ShutDown();
        return drained.Task.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        ShutDown();
        timer.Dispose();
    }

    /// <summary>Adds under the lock; false when refused or already queued (then nobody needs waking).</summary>
    private bool TryAddLocked(T item, out List<TaskCompletionSource>? wake)
    {
        wake = null;
        if (shuttingDown || dirty.Contains(item))
        {
            return false;
        }

        if (dirty.Count >= maxLength)
        {
            instruments.QueueRejected.Add(1, nameTag);
            return false;
        }

        instruments.QueueAdds.Add(1, nameTag);
        dirty.Add(item);
        if (processing.ContainsKey(item))
        {
            // Queued again by Done, so one item is never processed by two workers at once.
            return true;
        }

        queue.Enqueue(item);
        addedAt.TryAdd(item, time.GetTimestamp());
        instruments.QueueDepth.Add(1, nameTag);
        wake = TakeGettersLocked();
        return true;
    }

    private void OnTimer()
    {
        List<TaskCompletionSource>? wake = null;
        lock (gate)
        {
            var now = time.GetUtcNow();
            while (waitingByTime.TryPeek(out var item, out var due) && due <= now)
            {
                waitingByTime.Dequeue();

                // A stale heap entry: the item was re-scheduled earlier, or has already been added.
                if (!waiting.TryGetValue(item, out var current) || current != due)
                {
                    continue;
                }

                waiting.Remove(item);
                if (TryAddLocked(item, out var woken) && woken is not null)
                {
                    (wake ??= []).AddRange(woken);
                }
            }

            ArmTimerLocked();
        }

        Wake(wake);
    }

    private void ArmTimerLocked()
    {
        if (shuttingDown || !waitingByTime.TryPeek(out _, out var due))
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var delay = due - time.GetUtcNow();
        timer.Change(delay < TimeSpan.Zero ? TimeSpan.Zero : delay, Timeout.InfiniteTimeSpan);
    }

    private List<TaskCompletionSource>? TakeGettersLocked()
    {
        if (getters.Count == 0)
        {
            return null;
        }

        // Every waiter wakes and competes; the losers find the queue empty and wait again.
        var taken = new List<TaskCompletionSource>(getters);
        getters.Clear();
        return taken;
    }

    private void CheckDrainedLocked()
    {
        if (shuttingDown && queue.Count == 0 && processing.Count == 0)
        {
            drained.TrySetResult();
        }
    }

    private Measurement<double> ObserveUnfinishedWork()
    {
        lock (gate)
        {
            var now = time.GetTimestamp();
            var seconds = processing.Values.Sum(started => time.GetElapsedTime(started, now).TotalSeconds);
            return new Measurement<double>(seconds, nameTag);
        }
    }

    private static void Wake(List<TaskCompletionSource>? wake)
    {
        if (wake is null)
        {
            return;
        }

        foreach (var signal in wake)
        {
            signal.TrySetResult();
        }
    }
}
