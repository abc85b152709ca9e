using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Controllers;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Kube.Runtime.Hosting;

/// <summary>
/// Runs the registered informers and controllers: start the informers, wait until every one has synced,
/// then start the workers. With an <see cref="ILeaderElector"/> registered, the informers run always but the
/// workers run only while this candidate leads: each leadership term enqueues every primary key and starts the
/// workers, and losing leadership cancels them (controllers with <see cref="ControllerOptions.RequiresLeader"/> false run
/// on every replica, from the start). Stopping drains the queues (in-flight and queued keys finish,
/// bounded by the stop token), releases the lease, then cancels the workers and informers.
/// </summary>
internal sealed partial class ControllerHost(
    IServiceProvider provider,
    IEnumerable<IInformer> informers,
    IEnumerable<ControllerRegistration> registrations,
    RuntimeInstruments instruments,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    ILeaderElector? leaderElector = null) : IHostedService, IDisposable
{
    private readonly ILogger logger = loggerFactory.CreateLogger<ControllerHost>();
    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource election = new();
    private readonly Lock gate = new();
    private readonly List<(Controller Controller, ControllerRegistration Registration)> controllers = [];
    private readonly List<IDisposable> subscriptions = [];
    private readonly List<Task> informerTasks = [];
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int informerCount = informers.Count();
    private Task run = Task.CompletedTask;
    private Task everyReplica = Task.CompletedTask;
    private Task electionTask = Task.CompletedTask;
    private volatile bool workersRunning;

    /// <summary>Completes once the informers have synced and the workers run (the first time, under leader election).</summary>
    public Task Started => started.Task;

    /// <summary>Whether the workers run now.</summary>
    public bool WorkersRunning => workersRunning;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var registration in registrations)
        {
            var queue = WorkQueueFactory.Create<ObjectKey>(registration.Options.Queue, time, instruments);
            var reconciler = (IReconciler)provider.GetRequiredService(registration.ReconcilerType);
            controllers.Add((new Controller(registration.Options, queue, reconciler, instruments, time, loggerFactory.CreateLogger<Controller>()), registration));
            subscriptions.AddRange(registration.Sources.Select(source => source(provider, queue)));
        }

        foreach (var informer in informers)
        {
            informerTasks.Add(Task.Run(() => informer.RunAsync(stopping.Token), CancellationToken.None));
        }

        if (leaderElector is null)
        {
            run = RunTermAsync([.. controllers], resync: false, stopping.Token);
            return Task.CompletedTask;
        }

        var unelected = controllers.Where(c => !c.Registration.Options.RequiresLeader).ToList();
        if (unelected.Count > 0)
        {
            everyReplica = RunTermAsync(unelected, resync: false, stopping.Token);
        }

        subscriptions.Add(leaderElector.Subscribe(new LeaderCallbacks { OnStartedLeading = StartTerm }));
        electionTask = Task.Run(() => leaderElector.RunAsync(election.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (workersRunning || leaderElector is not null)
            {
                await Task.WhenAll(controllers.Where(c => workersRunning || !c.Registration.Options.RequiresLeader)
                    .Select(c => c.Controller.Queue.ShutDownWithDrainAsync(cancellationToken))).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            Log.DrainTimedOut(logger);
        }
        finally
        {
            foreach (var (controller, _) in controllers)
            {
                controller.Queue.ShutDown();
            }

            // Step down and release the lease before the informers stop, so a successor can start at once.
            await election.CancelAsync().ConfigureAwait(false);
            await electionTask.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await stopping.CancelAsync().ConfigureAwait(false);
        }

        Task current;
        lock (gate)
        {
            current = run;
        }

        await Task.WhenAll([current, everyReplica, electionTask, .. informerTasks]).WaitAsync(cancellationToken).ConfigureAwait(false);
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    public void Dispose()
    {
        stopping.Dispose();
        election.Dispose();
        foreach (var (controller, _) in controllers)
        {
            (controller.Queue as IDisposable)?.Dispose();
        }
    }

    /// <summary>A leadership term starts: its workers run after the previous term's have finished.</summary>
    private void StartTerm(CancellationToken leading)
    {
        lock (gate)
        {
            var previous = run;
            run = Task.Run(
                async () =>
                {
                    await previous.ConfigureAwait(false);
                    await RunTermAsync([.. controllers.Where(c => c.Registration.Options.RequiresLeader)], resync: true, leading).ConfigureAwait(false);
                },
                CancellationToken.None);
        }
    }

    /// <summary>Waits for the informers, then runs the workers of <paramref name="running"/> until <paramref name="term"/> or the host stops.</summary>
    private async Task RunTermAsync(List<(Controller Controller, ControllerRegistration Registration)> running, bool resync, CancellationToken term)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(term, stopping.Token);
        var cancellationToken = linked.Token;
        try
        {
            await Task.WhenAll(informers.Select(i => i.ReadyAsync(cancellationToken))).ConfigureAwait(false);
            if (resync)
            {
                foreach (var (controller, registration) in running)
                {
                    foreach (var key in registration.PrimaryKeys?.Invoke(provider) ?? [])
                    {
                        controller.Queue.Add(key);
                    }
                }
            }

            Log.Synced(logger, informerCount, running.Count);
            if (resync || leaderElector is null)
            {
                workersRunning = true;
                started.TrySetResult();
            }

            await Task.WhenAll(running.Select(c => c.Controller.RunAsync(cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (stopping.IsCancellationRequested)
            {
                started.TrySetCanceled(stopping.Token);
            }
        }
        finally
        {
            if (resync || leaderElector is null)
            {
                workersRunning = false;
            }

            if (resync)
            {
                Log.WorkersStopped(logger, running.Count);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, EventName = "ControllersStarted", Level = LogLevel.Information,
            Message = "{Informers} informers synced; {Controllers} controllers started")]
        public static partial void Synced(ILogger logger, int informers, int controllers);

        [LoggerMessage(EventId = 1301, EventName = "DrainTimedOut", Level = LogLevel.Warning,
            Message = "Stopping before the queues drained; unfinished keys are reconciled after the next start")]
        public static partial void DrainTimedOut(ILogger logger);

        [LoggerMessage(EventId = 1302, EventName = "ControllersStopped", Level = LogLevel.Information,
            Message = "Leadership term ended; {Controllers} controllers stopped their workers")]
        public static partial void WorkersStopped(ILogger logger, int controllers);
    }
}
