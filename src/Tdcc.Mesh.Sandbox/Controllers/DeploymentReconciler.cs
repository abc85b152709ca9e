using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's Deployment controller, simplified: one ReplicaSet per pod template
/// (<c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>), a rolling update bounded by maxSurge/maxUnavailable (or
/// Recreate), old ReplicaSets scaled down and pruned beyond revisionHistoryLimit, and the status counts with the
/// Available and Progressing conditions. Revisions are kube's (<see cref="DeploymentRevisions"/>): a template that
/// matches an old ReplicaSet (<c>kubectl rollout undo</c>) makes that ReplicaSet new again under the next revision.
/// A paused Deployment gets no new ReplicaSet (only its replica count follows spec.replicas when one ReplicaSet is
/// active); its Progressing condition says DeploymentPaused, then DeploymentResumed. Events: ScalingReplicaSet.
/// Progress deadlines and proportional scaling during a rollout are not simulated.
/// </summary>
internal sealed partial class DeploymentReconciler(
    IInformerStore<Deployment> deployments,
    IInformerStore<ReplicaSet> replicaSets,
    IKubeClient client,
    TimeProvider time,
    EventRecorderSet recorders,
    ILogger<DeploymentReconciler> logger) : IReconciler
{
    private const string PausedReason = "DeploymentPaused";
    private const string ResumedReason = "DeploymentResumed";
    private readonly IEventRecorder _events = recorders.For(EventComponents.DeploymentController);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var deployment = deployments.GetByKey(key);
        if (deployment is null || deployment.Metadata.DeletionTimestamp is not null)
        {
            return ReconcileResult.Done;
        }

        var owned = replicaSets.ByIndex(InformerIndexes.Owner, deployment.Metadata.Uid ?? string.Empty)
            .Where(rs => PodStates.IsControlledBy(rs, deployment.Metadata.Uid))
            .ToList();
        var hash = TemplateHash.Of(deployment.Spec?.Template);
        var newName = deployment.Metadata.Name + "-" + hash;
        var current = owned.FirstOrDefault(rs => rs.Metadata.Name == newName);
        var old = owned.Where(rs => rs.Metadata.Name != newName).OrderBy(DeploymentRevisions.Of).ThenBy(rs => rs.Metadata.CreationTimestamp).ToList();
        var desired = Math.Max(0, deployment.Spec?.Replicas ?? 1);
        var rsClient = client.Resource<ReplicaSet>();
        var paused = deployment.Spec?.Paused == true;

        var recreate = deployment.Spec?.Strategy?.Type == "Recreate";
        var surge = recreate ? 0 : ScaledOr(deployment.Spec?.Strategy?.RollingUpdate?.MaxSurge, desired, roundUp: true, fallback: "25%");
        var unavailable = recreate ? desired : ScaledOr(deployment.Spec?.Strategy?.RollingUpdate?.MaxUnavailable, desired, roundUp: false, fallback: "25%");
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        deployment = await SyncPausedConditionAsync(deployment, paused, cancellationToken).ConfigureAwait(false);
        var newRevision = (old.Count == 0 ? 0 : old.Max(DeploymentRevisions.Of)) + 1;
        var created = false;
        if (current is not null)
        {
            current = await SyncAnnotationsAsync(rsClient, deployment, current, newRevision, surge, cancellationToken).ConfigureAwait(false);
        }
        else if (!paused)
        {
            var initial = old.Sum(rs => rs.Spec?.Replicas ?? 0) == 0 ? desired : 0;
            try
            {
                current = await rsClient.CreateAsync(NewReplicaSet(deployment, newName, hash, initial, newRevision, surge), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                // Created by an earlier pass the cache has not shown yet.
                return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
            }

            created = true;
            if (initial > 0)
            {
                _events.Record(deployment, EventType.Normal, "ScalingReplicaSet", $"Scaled up replica set {newName} from 0 to {initial}");
            }

            LogCreated(logger, key, newName, initial);
        }

        if (current is not null)
        {
            deployment = await SyncDeploymentRevisionAsync(deployment, DeploymentRevisions.Of(current), cancellationToken).ConfigureAwait(false);
        }

        if (paused)
        {
            // Paused: no rollout; only a change of spec.replicas reaches the one active ReplicaSet.
            var active = owned.Where(rs => (rs.Spec?.Replicas ?? 0) > 0).ToList();
            var only = active.Count == 1 ? active[0] : active.Count == 0 ? current : null;
            if (only is not null && (only.Spec?.Replicas ?? 0) != desired)
            {
                await ScaleAsync(rsClient, deployment, only, desired, cancellationToken).ConfigureAwait(false);
            }

            await UpdateStatusAsync(deployment, current, owned, desired, unavailable, created: false, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var oldTotal = old.Sum(rs => rs.Spec?.Replicas ?? 0);
        var currentReplicas = current!.Spec?.Replicas ?? 0;
        int target;
        if (oldTotal == 0)
        {
            target = desired;
        }
        else if (recreate)
        {
            target = 0;
        }
        else
        {
            var room = desired + surge - (oldTotal + currentReplicas);
            target = Math.Min(desired, currentReplicas + Math.Max(0, room));
        }

        if (target != currentReplicas)
        {
            current = await ScaleAsync(rsClient, deployment, current, target, cancellationToken).ConfigureAwait(false);
        }

        // Scale old ReplicaSets down while at least desired - maxUnavailable pods stay available.
        var available = owned.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var removable = recreate ? oldTotal : Math.Max(0, available - (desired - unavailable));
        foreach (var rs in old)
        {
            var replicas = rs.Spec?.Replicas ?? 0;
            var notAvailable = Math.Max(0, replicas - (rs.Status?.AvailableReplicas ?? 0));
            var cut = Math.Min(replicas, notAvailable + removable);
            if (cut > 0)
            {
                removable -= Math.Max(0, cut - notAvailable);
                await ScaleAsync(rsClient, deployment, rs, replicas - cut, cancellationToken).ConfigureAwait(false);
            }
        }

        await PruneHistoryAsync(deployment, old, rsClient, cancellationToken).ConfigureAwait(false);
        await UpdateStatusAsync(deployment, current, owned, desired, unavailable, created, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<ReplicaSet> ScaleAsync(IResourceClient<ReplicaSet> rsClient, Deployment deployment, ReplicaSet rs, int replicas, CancellationToken cancellationToken)
    {
        var from = rs.Spec?.Replicas ?? 0;
        LogScaled(logger, rs.Metadata.Namespace ?? string.Empty, rs.Metadata.Name ?? string.Empty, replicas);
        var patch = new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } };
        var scaled = await rsClient.PatchAsync(rs.Metadata.Namespace, rs.Metadata.Name!, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        _events.Record(deployment, EventType.Normal, "ScalingReplicaSet",
            $"Scaled {(replicas > from ? "up" : "down")} replica set {rs.Metadata.Name} from {from} to {replicas}");
        return scaled;
    }

    /// <summary>kube's <c>checkPausedConditions</c>: Progressing Unknown with DeploymentPaused while paused, DeploymentResumed once resumed.</summary>
    private async Task<Deployment> SyncPausedConditionAsync(Deployment deployment, bool paused, CancellationToken cancellationToken)
    {
        var conditions = deployment.Status?.Conditions ?? [];
        var progressing = conditions.FirstOrDefault(c => c.Type == "Progressing");
        var wasPaused = progressing?.Reason == PausedReason;
        if (paused == wasPaused)
        {
            return deployment;
        }

        var now = time.GetUtcNow();
        conditions = paused
            ? SetCondition(conditions, "Progressing", "Unknown", PausedReason, "Deployment is paused", now)
            : SetCondition(conditions, "Progressing", "Unknown", ResumedReason, "Deployment is resumed", now);
        try
        {
            return await client.Resource<Deployment>().UpdateStatusAsync(
                deployment with { Status = (deployment.Status ?? new DeploymentStatus()) with { Conditions = conditions } },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
        {
            // The cache was behind; the change that made it stale enqueues this deployment again.
            return deployment;
        }
    }

    /// <summary>Copies the deployment's annotations and the next revision onto its (existing) new ReplicaSet.</summary>
    private static async Task<ReplicaSet> SyncAnnotationsAsync(IResourceClient<ReplicaSet> rsClient, Deployment deployment, ReplicaSet current, long newRevision, int surge, CancellationToken cancellationToken)
    {
        var annotations = DeploymentRevisions.ForNewReplicaSet(deployment, current.Metadata.Annotations, newRevision, surge);
        var minReady = deployment.Spec?.MinReadySeconds;
        if (DeploymentRevisions.Same(annotations, current.Metadata.Annotations) && (current.Spec?.MinReadySeconds ?? 0) == (minReady ?? 0))
        {
            return current;
        }

        try
        {
            return await rsClient.UpdateAsync(
                current with
                {
                    Metadata = current.Metadata with { Annotations = annotations },
                    Spec = (current.Spec ?? new ReplicaSetSpec()) with { MinReadySeconds = minReady },
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
        {
            // Changed meanwhile; its update enqueues the deployment again.
            return current;
        }
    }

    /// <summary>The deployment carries the revision of its new ReplicaSet (<c>deployment.kubernetes.io/revision</c>).</summary>
    private async Task<Deployment> SyncDeploymentRevisionAsync(Deployment deployment, long revision, CancellationToken cancellationToken)
    {
        var text = revision.ToString(CultureInfo.InvariantCulture);
        if (revision == 0 || deployment.Metadata.Annotations?.GetValueOrDefault(DeploymentRevisions.RevisionAnnotation) == text)
        {
            return deployment;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = deployment.Metadata.ResourceVersion,
                ["annotations"] = new JsonObject { [DeploymentRevisions.RevisionAnnotation] = text },
            },
        };
        try
        {
            return await client.Resource<Deployment>().PatchAsync(deployment.Metadata.Namespace, deployment.Metadata.Name!, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
        {
            return deployment;
        }
    }

    private static async Task PruneHistoryAsync(Deployment deployment, List<ReplicaSet> old, IResourceClient<ReplicaSet> rsClient, CancellationToken cancellationToken)
    {
        var limit = deployment.Spec?.RevisionHistoryLimit ?? 10;
        var idle = old.Where(rs => (rs.Spec?.Replicas ?? 0) == 0 && (rs.Status?.Replicas ?? 0) == 0 && rs.Metadata.DeletionTimestamp is null).ToList();
        foreach (var rs in idle.Take(Math.Max(0, idle.Count - limit)))
        {
            try
            {
                await rsClient.DeleteAsync(rs.Metadata.Namespace, rs.Metadata.Name!, new DeleteOptions { PreconditionUid = rs.Metadata.Uid }, cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason is KubeErrorReason.NotFound or KubeErrorReason.Conflict)
            {
                // Gone already.
            }
        }
    }

    private async Task UpdateStatusAsync(Deployment deployment, ReplicaSet? current, List<ReplicaSet> owned, int desired, int maxUnavailable, bool created, CancellationToken cancellationToken)
    {
        var all = owned.Where(rs => rs.Metadata.Uid != current?.Metadata.Uid).ToList();
        if (current is not null)
        {
            all.Add(current);
        }

        var replicas = all.Sum(rs => rs.Status?.Replicas ?? 0);
        var updated = current?.Status?.Replicas ?? 0;
        var ready = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0);
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var now = time.GetUtcNow();
        var before = deployment.Status;
        var conditions = before?.Conditions ?? [];
        var minimum = available >= desired - maxUnavailable;
        conditions = SetCondition(conditions, "Available", minimum ? "True" : "False",
            minimum ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            minimum ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
        if (deployment.Spec?.Paused != true && current is not null)
        {
            var name = current.Metadata.Name;
            var complete = updated == desired && replicas == desired && available == desired && (current.Spec?.Replicas ?? 0) == desired;
            var progressing = conditions.FirstOrDefault(c => c.Type == "Progressing");
            var progressed = before is null || before.Replicas != replicas || before.UpdatedReplicas != updated
                || before.ReadyReplicas != ready || before.AvailableReplicas != available;
            if (complete)
            {
                conditions = SetCondition(conditions, "Progressing", "True", "NewReplicaSetAvailable", $"ReplicaSet \"{name}\" has successfully progressed.", now);
            }
            else if (created)
            {
                conditions = SetCondition(conditions, "Progressing", "True", "NewReplicaSetCreated", $"Created new replica set \"{name}\"", now);
            }
            else if (progressing is null)
            {
                conditions = SetCondition(conditions, "Progressing", "True", "FoundNewReplicaSet", $"Found new replica set \"{name}\"", now);
            }
            else if (progressed || progressing.Reason is ResumedReason || progressing.Message?.Contains($"\"{name}\"", StringComparison.Ordinal) != true)
            {
                conditions = SetCondition(conditions, "Progressing", "True", "ReplicaSetUpdated", $"ReplicaSet \"{name}\" is progressing.", now);
            }
        }

        var status = new DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = replicas,
            UpdatedReplicas = updated,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, desired - available),
            Conditions = conditions,
            CollisionCount = before?.CollisionCount,
        };
        if (before is not null && before.ObservedGeneration == status.ObservedGeneration && before.Replicas == replicas && before.UpdatedReplicas == updated
            && before.ReadyReplicas == ready && before.AvailableReplicas == available && before.UnavailableReplicas == status.UnavailableReplicas
            && before.Conditions is { } existing && existing.SequenceEqual(conditions))
        {
            return;
        }

        try
        {
            await client.Resource<Deployment>().UpdateStatusAsync(deployment with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
        {
            // The cache was behind; the change that made it stale enqueues this deployment again.
        }
    }

    private static ImmutableArray<DeploymentCondition> SetCondition(ImmutableArray<DeploymentCondition> conditions, string type, string status, string reason, string message, DateTimeOffset now)
    {
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == status && existing.Reason == reason && existing.Message == message)
        {
            return conditions;
        }

        var condition = new DeploymentCondition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastUpdateTime = now,
            LastTransitionTime = existing is not null && existing.Status == status ? existing.LastTransitionTime : now,
        };
        return existing is null ? conditions.Add(condition) : conditions.Replace(existing, condition);
    }

    private static ReplicaSet NewReplicaSet(Deployment deployment, string name, string hash, int replicas, long revision, int surge)
    {
        var template = deployment.Spec?.Template ?? new PodTemplateSpec();
        var labels = (template.Metadata?.Labels ?? ImmutableDictionary<string, string>.Empty).SetItem(TemplateHash.Label, hash);
        var selector = deployment.Spec?.Selector ?? new LabelSelector();
        return new ReplicaSet
        {
            Metadata = new ObjectMeta
            {
                Name = name,
                Namespace = deployment.Metadata.Namespace,
                Labels = labels,
                Annotations = DeploymentRevisions.ForNewReplicaSet(deployment, null, revision, surge),
                OwnerReferences = [OwnerReferences.ReferenceTo(deployment, controller: true)],
            },
            Spec = new ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = deployment.Spec?.MinReadySeconds,
                Selector = selector with { MatchLabels = (selector.MatchLabels ?? ImmutableDictionary<string, string>.Empty).SetItem(TemplateHash.Label, hash) },
                Template = template with { Metadata = (template.Metadata ?? new ObjectMeta()) with { Labels = labels } },
            },
        };
    }

    private static int ScaledOr(IntOrString? value, int total, bool roundUp, string fallback)
    {
        try
        {
            return Math.Max(0, (value ?? IntOrString.FromString(fallback)).ScaledValue(total, roundUp));
        }
        catch (FormatException)
        {
            return IntOrString.FromString(fallback).ScaledValue(total, roundUp);
        }
    }

    [LoggerMessage(EventId = 7110, Level = LogLevel.Information, Message = "Deployment {Deployment}: created ReplicaSet {ReplicaSet} with {Replicas} replicas")]
    private static partial void LogCreated(ILogger logger, ObjectKey deployment, string replicaSet, int replicas);

    [LoggerMessage(EventId = 7111, Level = LogLevel.Debug, Message = "Scaling ReplicaSet {Namespace}/{ReplicaSet} to {Replicas}")]
    private static partial void LogScaled(ILogger logger, string @namespace, string replicaSet, int replicas);
}
