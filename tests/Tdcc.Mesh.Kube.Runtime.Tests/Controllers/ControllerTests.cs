using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;
using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Controllers;

public sealed class ControllerTests
{
    private static readonly ObjectKey Key = new("ns", "a");
    private readonly FakeTimeProvider time = new();
    private readonly ScriptedReconciler reconciler = new();
    private readonly RateLimitingQueue<ObjectKey> queue;
    private readonly Controller controller;

    public ControllerTests()
    {
        var instruments = TestObjects.Instruments();
        queue = WorkQueueFactory.Create<ObjectKey>(new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1) }, time, instruments);
        controller = new Controller(new ControllerOptions { Name = "test" }, queue, reconciler, instruments, time, NullLogger<Controller>.Instance);
    }

    [Fact]
    public async Task ProcessNextAsync_Success_ForgottenAndDone()
    {
        queue.Add(Key);
        queue.AddRateLimited(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        reconciler.Calls.Should().Equal(Key);
        queue.NumRequeues(Key).Should().Be(0);
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task ProcessNextAsync_Error_RequeuedWithBackoff()
    {
        reconciler.Next = _ => throw new InvalidOperationException("boom");
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        queue.NumRequeues(Key).Should().Be(1);
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1, "the failed key comes back after the base delay");
    }

    [Fact]
    public async Task ProcessNextAsync_WriteConflict_RequeuedWithBackoffAndNotLoggedAsError()
    {
        var logger = new RecordingLogger<Controller>();
        var conflicted = new Controller(new ControllerOptions { Name = "conflict" }, queue, reconciler, TestObjects.Instruments(), time, logger);
        reconciler.Next = _ => throw new KubeApiException(KubeErrorReason.Conflict, 409, "the object has been modified");
        queue.Add(Key);

        await conflicted.ProcessNextAsync(CancellationToken.None);

        queue.NumRequeues(Key).Should().Be(1, "a conflict is retried like any other failure");
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
        logger.Levels.Should().NotContain(LogLevel.Error).And.NotContain(LogLevel.Warning);
    }

    [Fact]
    public async Task ProcessNextAsync_RepeatedErrors_BackoffGrows()
    {
        reconciler.Next = _ => throw new InvalidOperationException("boom");
        queue.Add(Key);
        await controller.ProcessNextAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));

        await controller.ProcessNextAsync(CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1, "the second retry waits twice as long");
    }

    [Fact]
    public async Task ProcessNextAsync_RequeueAfter_ForgottenAndAddedAfterDelay()
    {
        queue.AddRateLimited(Key);
        time.Advance(TimeSpan.FromSeconds(1));
        reconciler.Next = _ => ReconcileResult.After(TimeSpan.FromMinutes(1));

        await controller.ProcessNextAsync(CancellationToken.None);

        queue.NumRequeues(Key).Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(59));
        queue.Count.Should().Be(0);
        time.Advance(TimeSpan.FromSeconds(1));
        queue.Count.Should().Be(1);
    }

    [Fact]
    public async Task ProcessNextAsync_TerminalError_NotRetried()
    {
        reconciler.Next = _ => throw new TerminalReconcileException("invalid spec");
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        queue.NumRequeues(Key).Should().Be(0);
        time.Advance(TimeSpan.FromHours(1));
        queue.Count.Should().Be(0);
    }

    [Fact]
    public async Task ProcessNextAsync_AddedDuringReconcile_ReconciledAgain()
    {
        reconciler.Next = key =>
        {
            queue.Add(key);
            return ReconcileResult.Done;
        };
        queue.Add(Key);

        await controller.ProcessNextAsync(CancellationToken.None);

        queue.Count.Should().Be(1, "Done re-queues a key that changed while it was reconciled");
    }

    [Fact]
    public async Task RunAsync_ManyKeysFourWorkers_AllReconciledNeverConcurrentlyPerKey()
    {
        var options = new ControllerOptions { Name = "parallel", Workers = 4 };
        var instruments = TestObjects.Instruments();
        using var parallelQueue = WorkQueueFactory.Create<ObjectKey>(options.Queue, TimeProvider.System, instruments);
        var tracker = new ConcurrencyTracker();
        var parallel = new Controller(options, parallelQueue, tracker, instruments, TimeProvider.System, NullLogger<Controller>.Instance);
        using var cancel = new CancellationTokenSource();
        var run = parallel.RunAsync(cancel.Token);

        for (var i = 0; i < 50; i++)
        {
            parallelQueue.Add(new ObjectKey("ns", "k" + (i % 10)));
        }

        await Eventually.TrueAsync(() => tracker.Done.Count == 10, "every key reconciled");
        await parallelQueue.ShutDownWithDrainAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        tracker.Overlapped.Should().BeFalse();
        tracker.MaxActive.Should().BeGreaterThan(1, "four workers reconcile different keys in parallel");
    }

    private sealed class RecordingLogger<T> : ILogger<T>
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Levels.Add(logLevel);
    }

    private sealed class ScriptedReconciler : IReconciler
    {
        public List<ObjectKey> Calls { get; } = [];

        public Func<ObjectKey, ReconcileResult> Next { get; set; } = _ => ReconcileResult.Done;

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            Calls.Add(key);
            return Task.FromResult(Next(key));
        }
    }

    private sealed class ConcurrencyTracker : IReconciler
    {
        private readonly HashSet<ObjectKey> active = [];
        private int activeCount;

        public HashSet<ObjectKey> Done { get; } = [];

        public bool Overlapped { get; private set; }

        public int MaxActive { get; private set; }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            lock (active)
            {
                Overlapped |= !active.Add(key);
                MaxActive = Math.Max(MaxActive, ++activeCount);
            }

            await Task.Delay(10, cancellationToken);
            lock (active)
            {
                active.Remove(key);
                activeCount--;
                Done.Add(key);
            }

            return ReconcileResult.Done;
        }
    }
}
