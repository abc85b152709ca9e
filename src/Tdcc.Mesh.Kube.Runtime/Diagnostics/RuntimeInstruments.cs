using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Kube.Runtime.Diagnostics;

/// <summary>
/// The instruments of the controller runtime, on one meter (<see cref="MeterName"/>). Queues and controllers
/// tag their measurements with their name, as client-go's workqueue metrics do.
/// </summary>
internal sealed class RuntimeInstruments
{
    public const string MeterName = "Tdcc.Mesh.Kube.Runtime";

    private readonly ConcurrentDictionary<object, Func<Measurement<double>>> unfinishedWork = new();

    public RuntimeInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        QueueDepth = meter.CreateUpDownCounter<long>("tdcc.workqueue.depth", "{item}", "Items waiting in the queue.");
        QueueAdds = meter.CreateCounter<long>("tdcc.workqueue.adds", "{item}", "Items added to the queue.");
        QueueRetries = meter.CreateCounter<long>("tdcc.workqueue.retries", "{item}", "Rate-limited re-adds.");
        QueueRejected = meter.CreateCounter<long>("tdcc.workqueue.rejected", "{item}", "Adds refused because the queue was at its maximum length.");
        QueueLatency = meter.CreateHistogram<double>("tdcc.workqueue.queue_duration", "s", "Time an item waits in the queue before a worker takes it.");
        WorkDuration = meter.CreateHistogram<double>("tdcc.workqueue.work_duration", "s", "Time from taking an item to marking it done.");
        meter.CreateObservableGauge("tdcc.workqueue.unfinished_work", ObserveUnfinishedWork, "s", "Seconds of work in progress that has not finished yet.");
        ReconcileTotal = meter.CreateCounter<long>("tdcc.controller.reconcile", "{reconcile}", "Reconciles by result.");
        ReconcileErrors = meter.CreateCounter<long>("tdcc.controller.reconcile_errors", "{reconcile}", "Reconciles that failed.");
        ReconcileDuration = meter.CreateHistogram<double>("tdcc.controller.reconcile_duration", "s", "Time per reconcile.");
        ActiveWorkers = meter.CreateUpDownCounter<long>("tdcc.controller.active_workers", "{worker}", "Workers reconciling right now.");
        InformerUndecodableObjects = meter.CreateCounter<long>(
            "tdcc.informer.undecodable_objects", "{object}", "Object versions an informer skipped because they do not decode into its type.");
    }

    public UpDownCounter<long> QueueDepth { get; }

    public Counter<long> QueueAdds { get; }

    public Counter<long> QueueRetries { get; }

    public Counter<long> QueueRejected { get; }

    public Histogram<double> QueueLatency { get; }

    public Histogram<double> WorkDuration { get; }

    public Counter<long> ReconcileTotal { get; }

    public Counter<long> ReconcileErrors { get; }

    public Histogram<double> ReconcileDuration { get; }

    public UpDownCounter<long> ActiveWorkers { get; }

    /// <summary>Undecodable object versions skipped by informers, tagged with the resource.</summary>
    public Counter<long> InformerUndecodableObjects { get; }

    /// <summary>A queue reports its unfinished work while registered.</summary>
    public void RegisterUnfinishedWork(object owner, Func<Measurement<double>> observe) => unfinishedWork[owner] = observe;

    public void UnregisterUnfinishedWork(object owner) => unfinishedWork.TryRemove(owner, out _);

    private IEnumerable<Measurement<double>> ObserveUnfinishedWork() => [.. unfinishedWork.Values.Select(observe => observe())];
}
