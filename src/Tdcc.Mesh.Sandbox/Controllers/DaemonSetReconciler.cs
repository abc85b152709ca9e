using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's DaemonSet controller, simplified: one pod (generateName <c>&lt;ds&gt;-</c>) per schedulable
/// node matching the template's nodeSelector, created bound to its node (as before kube 1.12, without the scheduler);
/// pods on nodes that no longer qualify and duplicates are deleted; status counts. Template updates replace nothing.
/// </summary>
internal sealed partial class DaemonSetReconciler(
    IInformerStore<DaemonSet> daemonSets,
    IInformerStore<Pod> pods,
    IInformerStore<Node> nodes,
    IKubeClient client,
    TimeProvider time,
    EventRecorderSet recorders,
    ILogger<DaemonSetReconciler> logger) : IReconciler
{
    private readonly IEventRecorder _events = recorders.For(EventComponents.DaemonSetController);
    private readonly Expectations _expectations = new(time);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var daemonSet = daemonSets.GetByKey(key);
        if (daemonSet is null || daemonSet.Metadata.DeletionTimestamp is not null)
        {
            _expectations.Forget(key);
            return ReconcileResult.Done;
        }

        if (!_expectations.Satisfied(key, name => pods.GetByKey(new ObjectKey(key.Namespace, name))))
        {
            return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
        }

        var selector = daemonSet.Spec?.Template?.Spec?.NodeSelector;
        var eligible = nodes.List()
            .Where(n => n.Spec?.Unschedulable != true && (selector is null || Selectors.Matches(selector, n.Metadata.Labels)))
            .Select(n => n.Metadata.Name!)
            .ToHashSet(StringComparer.Ordinal);
        var active = pods.ByIndex(InformerIndexes.Owner, daemonSet.Metadata.Uid ?? string.Empty)
            .Where(p => PodStates.IsControlledBy(p, daemonSet.Metadata.Uid) && PodStates.IsActive(p))
            .ToList();
        var byNode = active.GroupBy(p => p.Spec?.NodeName ?? string.Empty, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var podClient = client.Resource<Pod>();
        var created = new List<string>();
        var deleted = new List<string>();
        try
        {
            foreach (var node in eligible.Where(n => !byNode.ContainsKey(n)).Order(StringComparer.Ordinal))
            {
                var pod = await podClient.CreateAsync(NewPod(daemonSet, node), cancellationToken: cancellationToken).ConfigureAwait(false);
                created.Add(pod.Metadata.Name!);
                _events.Record(daemonSet, EventType.Normal, "SuccessfulCreate", "Created pod: " + pod.Metadata.Name);
                LogCreated(logger, key, node);
            }

            foreach (var (node, onNode) in byNode)
            {
                var surplus = eligible.Contains(node) ? onNode.OrderBy(p => p.Metadata.CreationTimestamp).Skip(1) : onNode;
                foreach (var pod in surplus)
                {
                    await ReplicaSetReconciler.DeletePodAsync(podClient, pod, cancellationToken).ConfigureAwait(false);
                    deleted.Add(pod.Metadata.Name!);
                    _events.Record(daemonSet, EventType.Normal, "SuccessfulDelete", "Deleted pod: " + pod.Metadata.Name);
                }
            }
        }
        finally
        {
            _expectations.Expect(key, created, deleted);
        }

        var scheduled = byNode.Keys.Count(eligible.Contains);
        var ready = byNode.Where(p => eligible.Contains(p.Key)).Count(p => p.Value.Any(PodStates.IsReady));
        var status = new DaemonSetStatus
        {
            DesiredNumberScheduled = eligible.Count,
            CurrentNumberScheduled = scheduled,
            NumberMisscheduled = byNode.Keys.Count(n => !eligible.Contains(n)),
            NumberReady = ready,
            NumberAvailable = ready,
            NumberUnavailable = Math.Max(0, eligible.Count - ready),
            UpdatedNumberScheduled = scheduled,
            ObservedGeneration = daemonSet.Metadata.Generation,
        };
        var before = daemonSet.Status;
        if (before is null || before.DesiredNumberScheduled != status.DesiredNumberScheduled || before.CurrentNumberScheduled != scheduled
            || before.NumberMisscheduled != status.NumberMisscheduled || before.NumberReady != ready || before.ObservedGeneration != status.ObservedGeneration)
        {
            try
            {
                await client.Resource<DaemonSet>().UpdateStatusAsync(daemonSet with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                // The cache was behind; the change that made it stale enqueues this daemon set again.
            }
        }

        return ReconcileResult.Done;
    }

    private static Pod NewPod(DaemonSet daemonSet, string node) => new()
    {
        Metadata = new ObjectMeta
        {
            GenerateName = daemonSet.Metadata.Name + "-",
            Namespace = daemonSet.Metadata.Namespace,
            Labels = (daemonSet.Spec?.Template?.Metadata?.Labels ?? ImmutableDictionary<string, string>.Empty).SetItem("controller-revision-hash", TemplateHash.Of(daemonSet.Spec?.Template)),
            Annotations = daemonSet.Spec?.Template?.Metadata?.Annotations,
            OwnerReferences = [OwnerReferences.ReferenceTo(daemonSet, controller: true)],
        },
        Spec = (daemonSet.Spec?.Template?.Spec ?? new PodSpec()) with { NodeName = node },
    };

    [LoggerMessage(EventId = 7180, Level = LogLevel.Debug, Message = "DaemonSet {DaemonSet}: created a pod on node {Node}")]
    private static partial void LogCreated(ILogger logger, ObjectKey daemonSet, string node);
}
