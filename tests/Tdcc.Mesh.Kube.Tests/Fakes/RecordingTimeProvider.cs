namespace Tdcc.Mesh.Kube.Tests.Fakes;

/// <summary>
/// Fires timers shorter than <see cref="FireBelow"/> at once and records their delays (backoff waits);
/// longer timers (request timeouts) never fire.
/// </summary>
internal sealed class RecordingTimeProvider : TimeProvider
{
    public TimeSpan FireBelow { get; init; } = TimeSpan.FromMinutes(10);

    public List<TimeSpan> Delays { get; } = [];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan && dueTime < FireBelow)
        {
            lock (Delays)
            {
                Delays.Add(dueTime);
            }

            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new NeverTimer();
    }

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
