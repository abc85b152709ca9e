using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's StatefulSet controller, simplified: pods <c>&lt;sts&gt;-0..N-1</c> with hostname = pod
/// name and subdomain = serviceName. With OrderedReady (the default) a pod is created only when every lower ordinal
/// is Running and Ready, and scaling down removes the highest ordinal first, one at a time; Parallel creates and
/// deletes at once. Rolling template updates and volume claim templates are not simulated.
/// </summary>
internal sealed partial class StatefulSetReconciler(
    IInformerStore<StatefulSet> statefulSets,
    IInformerStore<Pod> pods,
    IKubeClient client,
    EventRecorderSet recorders,
    ILogger<StatefulSetReconciler> logger) : IReconciler
{
    private readonly IEventRecorder _events = recorders.For(EventComponents.StatefulSetController);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var sts = statefulSets.GetByKey(key);
        if (sts is null || sts.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var name = sts.Metadata.Name!;
        var desired = Math.Max(0, sts.Spec?.Replicas ?? 1);
        var start = sts.Spec?.Ordinals?.Start ?? 0;
        var parallel = sts.Spec?.PodManagementPolicy == "Parallel";
        var revision = name + "-" + TemplateHash.Of(sts.Spec?.Template);
        var owned = pods.ByIndex(InformerIndexes.Owner, sts.Metadata.Uid ?? string.Empty)
            .Where(p => PodStates.IsControlledBy(p, sts.Metadata.Uid))
            .Select(p => (Pod: p, Ordinal: Ordinal(name, p.Metadata.Name)))
            .Where(p => p.Ordinal >= 0)
            .ToDictionary(p => p.Ordinal, p => p.Pod);
        var podClient = client.Resource<Pod>();

        // Scale up, in order.
        for (var ordinal = start; ordinal < start + desired; ordinal++)
        {
            if (!owned.TryGetValue(ordinal, out var pod))
            {
                try
                {
                    var created = await podClient.CreateAsync(NewPod(sts, ordinal, revision), cancellationToken: cancellationToken).ConfigureAwait(false);
                    _events.Record(sts, EventType.Normal, "SuccessfulCreate", $"create Pod {created.Metadata.Name} in StatefulSet {name} successful");
                    LogCreated(logger, key, ordinal);
                }
                catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
                {
                    // The previous incarnation is still terminating, or the cache lags; the pod's events bring us back.
                }
                catch (KubeApiException e)
                {
                    _events.Record(sts, EventType.Warning, "FailedCreate", $"create Pod {name}-{ordinal} in StatefulSet {name} failed error: {e.Message}");
                    throw;
                }

                if (!parallel)
                {
                    break;
                }
            }
            else if (!parallel && (pod.Metadata.DeletionTimestamp is not null || !PodStates.IsReady(pod)))
            {
                break;
            }
        }

        // Scale down from the highest ordinal.
        var surplus = owned.Where(p => p.Key >= start + desired || p.Key < start).OrderByDescending(p => p.Key).ToList();
        foreach (var (ordinal, pod) in surplus)
        {
            if (pod.Metadata.DeletionTimestamp is null)
            {
                await ReplicaSetReconciler.DeletePodAsync(podClient, pod, cancellationToken).ConfigureAwait(false);
                _events.Record(sts, EventType.Normal, "SuccessfulDelete", $"delete Pod {pod.Metadata.Name} in StatefulSet {name} successful");
                LogDeleted(logger, key, ordinal);
            }

            if (!parallel)
            {
                break;
            }
        }

        var active = owned.Values.Where(PodStates.IsActive).ToList();
        var ready = active.Count(PodStates.IsReady);
        var status = new StatefulSetStatus
        {
            ObservedGeneration = sts.Metadata.Generation,
            Replicas = active.Count,
            ReadyReplicas = ready,
            AvailableReplicas = ready,
            CurrentReplicas = active.Count,
            UpdatedReplicas = active.Count,
            CurrentRevision = revision,
            UpdateRevision = revision,
            CollisionCount = sts.Status?.CollisionCount ?? 0,
        };
        var before = sts.Status;
        if (before is null || before.ObservedGeneration != status.ObservedGeneration || before.Replicas != status.Replicas || before.ReadyReplicas != ready
            || before.AvailableReplicas != ready || before.CurrentReplicas != status.CurrentReplicas || before.UpdateRevision != revision)
        {
            try
            {
                await client.Resource<StatefulSet>().UpdateStatusAsync(sts with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                // The cache was behind; the change that made it stale enqueues this statefulset again.
            }
        }

        return ReconcileResult.Done;
    }

    private static int Ordinal(string sts, string? podName)
    {
        if (podName is null || !podName.StartsWith(sts + "-", StringComparison.Ordinal))
        {
            return -1;
        }

        return int.TryParse(podName.AsSpan(sts.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) ? ordinal : -1;
    }

    private static Pod NewPod(StatefulSet sts, int ordinal, string revision)
    {
        var podName = sts.Metadata.Name + "-" + ordinal.ToString(CultureInfo.InvariantCulture);
        var template = sts.Spec?.Template;
        var labels = (template?.Metadata?.Labels ?? ImmutableDictionary<string, string>.Empty)
            .SetItem("statefulset.kubernetes.io/pod-name", podName)
            .SetItem("apps.kubernetes.io/pod-index", ordinal.ToString(CultureInfo.InvariantCulture))
            .SetItem("controller-revision-hash", revision);
        return new Pod
        {
            Metadata = new ObjectMeta
            {
                Name = podName,
                Namespace = sts.Metadata.Namespace,
                Labels = labels,
                Annotations = template?.Metadata?.Annotations,
                OwnerReferences = [OwnerReferences.ReferenceTo(sts, controller: true)],
            },
            Spec = (template?.Spec ?? new PodSpec()) with { Hostname = podName, Subdomain = sts.Spec?.ServiceName },
        };
    }

    [LoggerMessage(EventId = 7150, Level = LogLevel.Debug, Message = "StatefulSet {StatefulSet}: created pod ordinal {Ordinal}")]
    private static partial void LogCreated(ILogger logger, ObjectKey statefulSet, int ordinal);

    [LoggerMessage(EventId = 7151, Level = LogLevel.Debug, Message = "StatefulSet {StatefulSet}: deleting pod ordinal {Ordinal}")]
    private static partial void LogDeleted(ILogger logger, ObjectKey statefulSet, int ordinal);
}
