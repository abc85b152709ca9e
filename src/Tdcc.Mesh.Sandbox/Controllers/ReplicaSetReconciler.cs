using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's ReplicaSet controller, simplified: keeps <c>spec.replicas</c> active pods (generateName
/// <c>&lt;rs&gt;-</c>, controller ownerReference) and reports replicas, ready and available counts. Surplus pods are
/// deleted unscheduled first, then not ready, then newest. Orphans are not adopted.
/// </summary>
internal sealed partial class ReplicaSetReconciler(
    IInformerStore<ReplicaSet> replicaSets,
    IInformerStore<Pod> pods,
    IKubeClient client,
    TimeProvider time,
    EventRecorderSet recorders,
    ILogger<ReplicaSetReconciler> logger) : IReconciler
{
    private readonly IEventRecorder _events = recorders.For(EventComponents.ReplicaSetController);
    private const int MaxBurst = 100;
    private readonly Expectations _expectations = new(time);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var replicaSet = replicaSets.GetByKey(key);
        if (replicaSet is null || replicaSet.Metadata.DeletionTimestamp is not null)
        {
            _expectations.Forget(key);
            return ReconcileResult.Done;
        }

        if (!_expectations.Satisfied(key, name => pods.GetByKey(new ObjectKey(key.Namespace, name))))
        {
            return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
        }

        var owned = pods.ByIndex(InformerIndexes.Owner, replicaSet.Metadata.Uid ?? string.Empty)
            .Where(p => PodStates.IsControlledBy(p, replicaSet.Metadata.Uid))
            .ToList();
        var active = owned.Where(PodStates.IsActive).ToList();
        var desired = Math.Max(0, replicaSet.Spec?.Replicas ?? 1);
        var podClient = client.Resource<Pod>();
        var created = new List<string>();
        var deleted = new List<string>();
        try
        {
            if (active.Count < desired)
            {
                var toCreate = Math.Min(desired - active.Count, MaxBurst);
                for (var i = 0; i < toCreate; i++)
                {
                    Pod pod;
                    try
                    {
                        pod = await podClient.CreateAsync(NewPod(replicaSet), cancellationToken: cancellationToken).ConfigureAwait(false);
                    }
                    catch (KubeApiException e)
                    {
                        _events.Record(replicaSet, EventType.Warning, "FailedCreate", "Error creating: " + e.Message);
                        throw;
                    }

                    created.Add(pod.Metadata.Name!);
                    _events.Record(replicaSet, EventType.Normal, "SuccessfulCreate", "Created pod: " + pod.Metadata.Name);
                }

                LogScaled(logger, key, "created", toCreate);
            }
            else if (active.Count > desired)
            {
                var victims = active
                    .OrderBy(p => string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : 1)
                    .ThenBy(p => PodStates.IsReady(p) ? 1 : 0)
                    .ThenByDescending(p => p.Metadata.CreationTimestamp)
                    .Take(active.Count - desired)
                    .ToList();
                foreach (var victim in victims)
                {
                    await DeletePodAsync(podClient, victim, cancellationToken).ConfigureAwait(false);
                    deleted.Add(victim.Metadata.Name!);
                    _events.Record(replicaSet, EventType.Normal, "SuccessfulDelete", "Deleted pod: " + victim.Metadata.Name);
                }

                LogScaled(logger, key, "deleted", victims.Count);
            }
        }
        finally
        {
            _expectations.Expect(key, created, deleted);
        }

        var status = new ReplicaSetStatus
        {
            Replicas = active.Count,
            FullyLabeledReplicas = active.Count,
            ReadyReplicas = active.Count(PodStates.IsReady),
            AvailableReplicas = active.Count(PodStates.IsReady),
            TerminatingReplicas = owned.Count(p => p.Metadata.DeletionTimestamp is not null),
            ObservedGeneration = replicaSet.Metadata.Generation,
        };
        if (!SameStatus(replicaSet.Status, status))
        {
            try
            {
                await client.Resource<ReplicaSet>().UpdateStatusAsync(replicaSet with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
            {
                // The cache was behind; the change that made it stale enqueues this replica set again.
            }
        }

        return ReconcileResult.Done;
    }

    internal static async Task DeletePodAsync(IResourceClient<Pod> podClient, Pod pod, CancellationToken cancellationToken)
    {
        try
        {
            await podClient.DeleteAsync(pod.Metadata.Namespace, pod.Metadata.Name!, new DeleteOptions { PreconditionUid = pod.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
        {
            // Gone already, or replaced by a new pod of the same name.
        }
    }

    private static Pod NewPod(ReplicaSet replicaSet) => new()
    {
        Metadata = new ObjectMeta
        {
            GenerateName = replicaSet.Metadata.Name + "-",
            Namespace = replicaSet.Metadata.Namespace,
            Labels = replicaSet.Spec?.Template?.Metadata?.Labels,
            Annotations = replicaSet.Spec?.Template?.Metadata?.Annotations,
            OwnerReferences = [OwnerReferences.ReferenceTo(replicaSet, controller: true)],
        },
        Spec = replicaSet.Spec?.Template?.Spec,
    };

    private static bool SameStatus(ReplicaSetStatus? a, ReplicaSetStatus b) =>
        a is not null && a.Replicas == b.Replicas && a.FullyLabeledReplicas == b.FullyLabeledReplicas && a.ReadyReplicas == b.ReadyReplicas
        && a.AvailableReplicas == b.AvailableReplicas && a.TerminatingReplicas == b.TerminatingReplicas && a.ObservedGeneration == b.ObservedGeneration;

    [LoggerMessage(EventId = 7100, Level = LogLevel.Debug, Message = "ReplicaSet {ReplicaSet}: {Action} {Count} pods")]
    private static partial void LogScaled(ILogger logger, ObjectKey replicaSet, string action, int count);
}
