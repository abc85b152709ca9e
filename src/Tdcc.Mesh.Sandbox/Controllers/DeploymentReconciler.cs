using System.Collections.Immutable;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's Deployment controller, simplified: one ReplicaSet per pod template
/// (<c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>), a rolling update bounded by maxSurge/maxUnavailable (or
/// Recreate), old ReplicaSets scaled down and pruned beyond revisionHistoryLimit, and the status counts with the
/// Available and Progressing conditions. Pausing, rollback and progress deadlines are not simulated.
/// </summary>
internal sealed partial class DeploymentReconciler(
    IInformerStore<Deployment> deployments,
    IInformerStore<ReplicaSet> replicaSets,
    IKubeClient client,
    TimeProvider time,
    ILogger<DeploymentReconciler> logger) : IReconciler
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";

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
        var old = owned.Where(rs => rs.Metadata.Name != newName).OrderBy(rs => Revision(rs)).ThenBy(rs => rs.Metadata.CreationTimestamp).ToList();
        var desired = Math.Max(0, deployment.Spec?.Replicas ?? 1);
        var rsClient = client.Resource<ReplicaSet>();

        var recreate = deployment.Spec?.Strategy?.Type == "Recreate";
        var surge = recreate ? 0 : ScaledOr(deployment.Spec?.Strategy?.RollingUpdate?.MaxSurge, desired, roundUp: true, fallback: "25%");
        var unavailable = recreate ? desired : ScaledOr(deployment.Spec?.Strategy?.RollingUpdate?.MaxUnavailable, desired, roundUp: false, fallback: "25%");
        if (surge == 0 && unavailable == 0)
        {
            unavailable = 1;
        }

        if (current is null)
        {
            var revision = old.Count == 0 ? 1 : old.Max(Revision) + 1;
            var initial = old.Sum(rs => rs.Spec?.Replicas ?? 0) == 0 ? desired : 0;
            try
            {
                current = await rsClient.CreateAsync(NewReplicaSet(deployment, newName, hash, initial, revision), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                // Created by an earlier pass the cache has not shown yet.
                return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
            }

            LogCreated(logger, key, newName, initial);
        }

        var oldTotal = old.Sum(rs => rs.Spec?.Replicas ?? 0);
        var currentReplicas = current.Spec?.Replicas ?? 0;
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
            current = await ScaleAsync(rsClient, current, target, cancellationToken).ConfigureAwait(false);
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
                await ScaleAsync(rsClient, rs, replicas - cut, cancellationToken).ConfigureAwait(false);
            }
        }

        await PruneHistoryAsync(deployment, old, rsClient, cancellationToken).ConfigureAwait(false);
        await UpdateStatusAsync(deployment, current, owned, desired, unavailable, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    private async Task<ReplicaSet> ScaleAsync(IResourceClient<ReplicaSet> rsClient, ReplicaSet rs, int replicas, CancellationToken cancellationToken)
    {
        LogScaled(logger, rs.Metadata.Namespace ?? string.Empty, rs.Metadata.Name ?? string.Empty, replicas);
        var patch = new System.Text.Json.Nodes.JsonObject { ["spec"] = new System.Text.Json.Nodes.JsonObject { ["replicas"] = replicas } };
        return await rsClient.PatchAsync(rs.Metadata.Namespace, rs.Metadata.Name!, new Patch(PatchType.Merge, patch.ToJsonString()), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static async Task PruneHistoryAsync(Deployment deployment, List<ReplicaSet> old, IResourceClient<ReplicaSet> rsClient, CancellationToken cancellationToken)
    {
        var limit = deployment.Spec?.RevisionHistoryLimit ?? 10;
        var idle = old.Where(rs => (rs.Spec?.Replicas ?? 0) == 0 && (rs.Status?.Replicas ?? 0) == 0).ToList();
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

    private async Task UpdateStatusAsync(Deployment deployment, ReplicaSet current, List<ReplicaSet> owned, int desired, int maxUnavailable, CancellationToken cancellationToken)
    {
        var all = owned.Where(rs => rs.Metadata.Uid != current.Metadata.Uid).Append(current).ToList();
        var replicas = all.Sum(rs => rs.Status?.Replicas ?? 0);
        var updated = current.Status?.Replicas ?? 0;
        var ready = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0);
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var complete = updated == desired && replicas == desired && available == desired && (current.Spec?.Replicas ?? 0) == desired;
        var now = time.GetUtcNow();
        var conditions = deployment.Status?.Conditions ?? [];
        conditions = SetCondition(conditions, "Available", available >= desired - maxUnavailable,
            available >= desired - maxUnavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            available >= desired - maxUnavailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.", now);
        conditions = SetCondition(conditions, "Progressing", true,
            complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated",
            complete ? $"ReplicaSet \"{current.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{current.Metadata.Name}\" is progressing.", now);
        var status = new DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = replicas,
            UpdatedReplicas = updated,
            ReadyReplicas = ready,
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, desired - available),
            Conditions = conditions,
        };
        var before = deployment.Status;
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

    private static ImmutableArray<DeploymentCondition> SetCondition(ImmutableArray<DeploymentCondition> conditions, string type, bool isTrue, string reason, string message, DateTimeOffset now)
    {
        var status = isTrue ? "True" : "False";
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

    private static ReplicaSet NewReplicaSet(Deployment deployment, string name, string hash, int replicas, int revision)
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
                Annotations = ImmutableDictionary<string, string>.Empty
                    .Add(RevisionAnnotation, revision.ToString(CultureInfo.InvariantCulture))
                    .Add("deployment.kubernetes.io/desired-replicas", (deployment.Spec?.Replicas ?? 1).ToString(CultureInfo.InvariantCulture)),
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

    private static int Revision(ReplicaSet rs) =>
        rs.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var text) == true && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : 0;

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
