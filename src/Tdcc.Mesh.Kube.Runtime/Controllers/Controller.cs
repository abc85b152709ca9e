using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;
using Tdcc.Mesh.Kube.Runtime.Queues;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Kube.Runtime.Controllers;

/// <summary>
/// Worker loops over a queue of keys, with the retry policy of controller-runtime's <c>reconcileHandler</c>:
/// an error is re-added rate limited, <see cref="ReconcileResult.RequeueAfter"/> is forgotten and added after the
/// delay, success is forgotten, a terminal error is logged and forgotten, and <c>Done</c> always runs.
/// </summary>
internal sealed partial class Controller(
    ControllerOptions options,
    IRateLimitingQueue<ObjectKey> queue,
    IReconciler reconciler,
    RuntimeInstruments instruments,
    TimeProvider time,
    ILogger<Controller> logger)
{
    private readonly KeyValuePair<string, object?> controllerTag = new("controller", options.Name);

    public string Name => options.Name;

    public IRateLimitingQueue<ObjectKey> Queue => queue;

    /// <summary>Runs the workers until the queue is shut down and empty, or the token is cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken)
    {
        // The error counter exists from the start at 0, so dashboards show "no errors" rather than "no data".
        instruments.ReconcileErrors.Add(0, controllerTag);
        var workers = Enumerable.Range(0, Math.Max(1, options.Workers)).Select(_ => WorkerAsync(cancellationToken));
        return Task.WhenAll(workers);
    }

    /// <summary>Takes one key and reconciles it; false once the queue has shut down.</summary>
    internal async Task<bool> ProcessNextAsync(CancellationToken cancellationToken)
    {
        var (key, shutDown) = await queue.GetAsync(cancellationToken).ConfigureAwait(false);
        if (shutDown)
        {
            return false;
        }

        instruments.ActiveWorkers.Add(1, controllerTag);
        try
        {
            await ReconcileOneAsync(key, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            queue.Done(key);
            instruments.ActiveWorkers.Add(-1, controllerTag);
        }

        return true;
    }

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        // Leave the caller's context at once so N workers start in parallel.
        await Task.Yield();
        try
        {
            while (await ProcessNextAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var reconcileId = Guid.NewGuid().ToString("N")[..12];
        var started = time.GetTimestamp();
        string result;
        try
        {
            var outcome = await reconciler.ReconcileAsync(key, cancellationToken).ConfigureAwait(false);
            queue.Forget(key);
            if (outcome.RequeueAfter is { } delay && delay > TimeSpan.Zero)
            {
                queue.AddAfter(key, delay);
                result = "requeue_after";
            }
            else
            {
                result = "success";
            }

            Log.Reconciled(logger, options.Name, key, reconcileId, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the key is not retried here; the next leader or start reconciles it from a fresh list.
            result = "canceled";
        }
        catch (TerminalReconcileException ex)
        {
            queue.Forget(key);
            instruments.ReconcileErrors.Add(1, controllerTag);
            Log.TerminalError(logger, ex, options.Name, key, reconcileId);
            result = "terminal_error";
        }
        catch (KubeApiException ex) when (ex.Reason == KubeErrorReason.Conflict)
        {
            // The reconciler wrote from a stale read: an expected race between writers, retried from the cache's
            // newer state. Worth a debug line, not an error.
            queue.AddRateLimited(key);
            Log.ReconcileConflict(logger, options.Name, key, reconcileId, ex.Message);
            result = "conflict";
        }
#pragma warning disable CA1031 // A reconciler's failure of any kind must become a retry, never kill the worker.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            queue.AddRateLimited(key);
            instruments.ReconcileErrors.Add(1, controllerTag);
            Log.ReconcileFailed(logger, ex, options.Name, key, reconcileId, queue.NumRequeues(key));
            result = "error";
        }

        instruments.ReconcileTotal.Add(1, controllerTag, new KeyValuePair<string, object?>("result", result));
        instruments.ReconcileDuration.Record(time.GetElapsedTime(started).TotalSeconds, controllerTag);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, EventName = "Reconciled", Level = LogLevel.Debug,
            Message = "Reconciled {Controller} {Key} (reconcile {ReconcileId}): {Result}")]
        public static partial void Reconciled(ILogger logger, string controller, ObjectKey key, string reconcileId, string result);

        [LoggerMessage(EventId = 1101, EventName = "ReconcileFailed", Level = LogLevel.Error,
            Message = "Reconcile of {Controller} {Key} failed (reconcile {ReconcileId}); retry {Retries} with backoff")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception, string controller, ObjectKey key, string reconcileId, int retries);

        [LoggerMessage(EventId = 1103, EventName = "ReconcileConflict", Level = LogLevel.Debug,
            Message = "Reconcile of {Controller} {Key} hit a write conflict (reconcile {ReconcileId}); retrying from fresh state: {Reason}")]
        public static partial void ReconcileConflict(ILogger logger, string controller, ObjectKey key, string reconcileId, string reason);

        [LoggerMessage(EventId = 1102, EventName = "ReconcileTerminalError", Level = LogLevel.Error,
            Message = "Reconcile of {Controller} {Key} failed terminally (reconcile {ReconcileId}); not retried")]
        public static partial void TerminalError(ILogger logger, Exception exception, string controller, ObjectKey key, string reconcileId);
    }
}
