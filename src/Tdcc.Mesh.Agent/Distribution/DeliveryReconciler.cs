using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Discovery;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Distribution.Rendering;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Agent.Distribution;

/// <summary>
/// Applies the member's Deliveries (its hub namespace) in the member: each manifest by server-side apply under
/// <see cref="DistributionLabels.FieldManager"/>, labelled with the Delivery it came from; an object that exists without
/// that label is left alone and reported. What a Delivery no longer lists (its status remembers what was applied) is
/// deleted, and so is everything when the Delivery is deleted (its finalizer), but only objects carrying the label.
/// The status reports each object (applied, the error, and for workloads the replicas and ready replicas), which the hub
/// folds into the Subscription's status. Changes of delivered workloads in the member enqueue their Delivery again, so
/// readiness is reported and hand-made changes of applied fields are reverted.
/// </summary>
internal sealed partial class DeliveryReconciler(
    [FromKeyedServices(DistributionClients.Hub)] IKubeClient hub,
    [FromKeyedServices(DistributionClients.Member)] IKubeClient member,
    [FromKeyedServices(DistributionClients.Hub)] IInformerStore<Delivery> deliveries,
    DeliveryAgentOptions options,
    TimeProvider time,
    ILogger<DeliveryReconciler> logger) : IReconciler
{
    private readonly ResourceTypeResolver _types = new(member);

    /// <summary>A delivered object in the member enqueues its Delivery.</summary>
    public static IEnumerable<ObjectKey> DeliveryOf(IKubeObject obj, string hubNamespace) =>
        obj.Metadata.Annotations?.GetValueOrDefault(DistributionLabels.DeliveryAnnotation) is { } name
            ? [new ObjectKey(hubNamespace, name)]
            : [];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var delivery = deliveries.GetByKey(key);
        if (delivery is null)
        {
            return ReconcileResult.Done;
        }

        var label = DistributionLabels.DeliveryLabelValue(key.Name);
        // Plain manifests and every Helm release's, CRDs and Namespaces first over all of them (a stable sort).
        var releases = delivery.Spec?.Releases ?? [];
        var items = (delivery.Spec?.Manifests ?? []).Select(m => (Manifest: Parse(m), Release: (DeliveryRelease?)null))
            .Concat(releases.SelectMany(r => (r.Manifests ?? []).Select(m => (Manifest: Parse(m), Release: (DeliveryRelease?)r))))
            .Where(i => i.Manifest is not null)
            .Select(i => (Manifest: i.Manifest!, i.Release))
            .OrderBy(i => ManifestOrder.Rank(i.Manifest["kind"]?.GetValue<string>()))
            .ToList();
        var manifests = items.Select(i => i.Manifest).ToList();
        var previous = delivery.Status?.Manifests ?? [];
        if (delivery.Metadata.DeletionTimestamp is not null)
        {
            var left = 0;
            foreach (var target in manifests.Select(Identity).Concat(previous))
            {
                left += await PruneAsync(target, label, cancellationToken).ConfigureAwait(false) ? 0 : 1;
            }

            if (left > 0)
            {
                return ReconcileResult.After(options.RetryInterval);
            }

            if (Finalizers.RemoveFinalizer(delivery, DistributionLabels.DeliveryFinalizer) is (true, var released))
            {
                await hub.Resource<Delivery>().UpdateAsync(released, cancellationToken: cancellationToken).ConfigureAwait(false);
                LogRemoved(logger, key);
            }

            return ReconcileResult.Done;
        }

        // Report mode applies a generation once; afterwards it only compares (a new generation is the hub's change, not drift).
        var report = delivery.Spec?.DriftPolicy == DriftPolicies.Report && delivery.Status?.ObservedGeneration == delivery.Metadata.Generation;
        var results = new List<ManifestStatus>(items.Count);
        var releaseResults = new List<(DeliveryRelease Release, ManifestStatus Result)>();
        var definedKinds = new HashSet<(string Group, string Kind)>();
        foreach (var (manifest, release) in items)
        {
            var wasApplied = previous.Any(p => p.Applied == true && p.SameObject(Identity(manifest)));
            var result = await ApplyAsync(manifest, key.Name, label, release?.Namespace, definedKinds, report && wasApplied, cancellationToken).ConfigureAwait(false);
            results.Add(result);
            if (release is not null)
            {
                releaseResults.Add((release, result));
            }

            if (result.Applied == true && result.Kind == "CustomResourceDefinition" && manifest["spec"] is JsonObject crd
                && crd["group"]?.GetValue<string>() is { } group && crd["names"]?["kind"]?.GetValue<string>() is { } kind)
            {
                definedKinds.Add((group, kind));
            }
        }

        // Prune what the last apply held and this one does not list; an entry whose delete failed stays in the record.
        var kept = new List<ManifestStatus>();
        foreach (var old in previous.Where(p => p.Applied == true && !results.Any(r => r.SameObject(p))))
        {
            if (!await PruneAsync(old, label, cancellationToken).ConfigureAwait(false))
            {
                kept.Add(old with { Message = "not yet removed" });
            }
        }

        var failed = results.Where(r => r.Applied != true).ToList();
        var now = time.GetUtcNow();
        var condition = failed.Count == 0
            ? new Condition { Type = DeliveryConditions.Applied, Status = ConditionSet.True, Reason = DeliveryConditions.AllApplied, Message = $"{results.Count} objects applied", ObservedGeneration = delivery.Metadata.Generation }
            : new Condition
            {
                Type = DeliveryConditions.Applied,
                Status = ConditionSet.False,
                Reason = DeliveryConditions.ApplyFailed,
                Message = string.Join("; ", failed.Select(f => $"{f.Kind} {f.Namespace}/{f.Name}: {f.Message}")),
                ObservedGeneration = delivery.Metadata.Generation,
            };
        var drifted = results.Where(r => r.Drifted == true).ToList();
        var drift = drifted.Count == 0
            ? new Condition { Type = DeliveryConditions.Drifted, Status = ConditionSet.False, Reason = DeliveryConditions.NoDrift, Message = "every object matches its manifest", ObservedGeneration = delivery.Metadata.Generation }
            : new Condition
            {
                Type = DeliveryConditions.Drifted,
                Status = ConditionSet.True,
                Reason = DeliveryConditions.DriftReported,
                Message = string.Join("; ", drifted.Select(d => $"{d.Kind} {d.Namespace}/{d.Name}: {d.Message}")),
                ObservedGeneration = delivery.Metadata.Generation,
            };
        var status = new DeliveryStatus
        {
            ObservedGeneration = delivery.Metadata.Generation,
            Conditions = ConditionSet.Set(ConditionSet.Set(delivery.Status?.Conditions, condition, now).Conditions, drift, now).Conditions,
            Manifests = [.. results, .. kept],
            Releases = releases.IsEmpty ? null : [.. releases.Select(r => ReleaseOutcome(r, releaseResults.Where(x => x.Release == r).Select(x => x.Result)))],
        };
        if (delivery.Status is null || !JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(delivery.Status, DistributionJsonContext.Default.DeliveryStatus),
            JsonSerializer.SerializeToNode(status, DistributionJsonContext.Default.DeliveryStatus)))
        {
            await hub.Resource<Delivery>().UpdateStatusAsync(delivery with { Status = status }, cancellationToken: cancellationToken).ConfigureAwait(false);
            LogApplied(logger, key, results.Count - failed.Count, failed.Count);
        }

        return failed.Count > 0 || kept.Count > 0 ? ReconcileResult.After(options.RetryInterval) : ReconcileResult.After(options.DriftCheckInterval);
    }

    /// <summary>
    /// Applies one manifest; a namespaced one without a namespace goes to <paramref name="defaultNamespace"/> (a Helm
    /// release's namespace) or <c>default</c>. A kind defined by a CRD applied in this pass (<paramref name="definedKinds"/>)
    /// is waited for until the member serves it (the CRD is Established). With <paramref name="reportOnly"/> (drift policy
    /// Report, a generation already applied) the member's object is only compared with the manifest.
    /// </summary>
    private async Task<ManifestStatus> ApplyAsync(JsonObject manifest, string deliveryName, string label, string? defaultNamespace, HashSet<(string Group, string Kind)> definedKinds, bool reportOnly, CancellationToken cancellationToken)
    {
        var entry = Identity(manifest);
        try
        {
            var type = await _types.ResolveAsync(entry.ApiVersion ?? string.Empty, entry.Kind ?? string.Empty, cancellationToken).ConfigureAwait(false);
            var group = entry.ApiVersion?.Contains('/', StringComparison.Ordinal) == true ? entry.ApiVersion[..entry.ApiVersion.IndexOf('/', StringComparison.Ordinal)] : string.Empty;
            for (var waited = TimeSpan.Zero; type is null && definedKinds.Contains((group, entry.Kind ?? string.Empty)) && waited < options.CrdEstablishTimeout; waited += CrdPoll)
            {
                await Task.Delay(CrdPoll, time, cancellationToken).ConfigureAwait(false);
                type = await _types.ResolveAsync(entry.ApiVersion ?? string.Empty, entry.Kind ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            if (type is null)
            {
                return entry with { Applied = false, Message = $"the member does not serve {entry.Kind} in {entry.ApiVersion}" };
            }

            var ns = type.Namespaced ? string.IsNullOrEmpty(entry.Namespace) ? defaultNamespace ?? "default" : entry.Namespace : null;
            entry = entry with { Namespace = ns };
            var current = await member.Resource(type).GetAsync(ns, entry.Name ?? string.Empty, cancellationToken).ConfigureAwait(false);
            if (current is not null && current.Metadata.Labels?.GetValueOrDefault(DistributionLabels.Delivery) != label)
            {
                return entry with { Applied = false, Message = "exists in the member and was not delivered by this subscription; left alone" };
            }

            if (reportOnly)
            {
                // Drift policy Report: compare with what was delivered and leave the member's object as it is.
                if (current is null)
                {
                    return entry with { Applied = true, Drifted = true, Message = "deleted in the member" };
                }

                var expected = (JsonObject)manifest.DeepClone();
                if (expected["metadata"] is JsonObject expectedMetadata && ns is not null)
                {
                    expectedMetadata["namespace"] = ns;
                }

                var difference = DriftComparer.FirstDifference(expected, current.Body);
                var observed = WithReadiness(entry with { Applied = true }, current.Body);
                return difference is null ? observed : observed with { Drifted = true, Message = $"{difference} changed in the member" };
            }

            if (ns is not null && current is null)
            {
                await member.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = ns } }, cancellationToken).ConfigureAwait(false);
            }

            var metadata = manifest["metadata"] as JsonObject ?? [];
            if (metadata["labels"] is not JsonObject labels)
            {
                metadata["labels"] = labels = [];
            }

            labels[DistributionLabels.Delivery] = label;
            if (metadata["annotations"] is not JsonObject annotations)
            {
                metadata["annotations"] = annotations = [];
            }

            annotations[DistributionLabels.DeliveryAnnotation] = deliveryName;
            if (ns is not null)
            {
                metadata["namespace"] = ns;
            }

            manifest["metadata"] = metadata;
            var applied = await member.Resource(type).ApplyAsync(
                GenericObject.Parse(manifest.ToJsonString()),
                new ApplyOptions(DistributionLabels.FieldManager) { Force = true },
                cancellationToken).ConfigureAwait(false);
            return WithReadiness(entry with { Applied = true }, applied.Body);
        }
        catch (KubeApiException e)
        {
            LogApplyFailed(logger, entry.Kind ?? string.Empty, entry.Namespace ?? string.Empty, entry.Name ?? string.Empty, e.Message);
            return entry with { Applied = false, Message = e.Message };
        }
    }

    /// <summary>Deletes the object when it carries <paramref name="label"/>; true when it is gone (or never ours).</summary>
    private async Task<bool> PruneAsync(ManifestStatus target, string label, CancellationToken cancellationToken)
    {
        try
        {
            var type = await _types.ResolveAsync(target.ApiVersion ?? string.Empty, target.Kind ?? string.Empty, cancellationToken).ConfigureAwait(false);
            if (type is null)
            {
                return true;
            }

            var ns = type.Namespaced ? string.IsNullOrEmpty(target.Namespace) ? "default" : target.Namespace : null;
            var current = await member.Resource(type).GetAsync(ns, target.Name ?? string.Empty, cancellationToken).ConfigureAwait(false);
            if (current is null || current.Metadata.Labels?.GetValueOrDefault(DistributionLabels.Delivery) != label)
            {
                return true;
            }

            await member.Resource(type).DeleteIfPresentAsync(ns, target.Name ?? string.Empty, cancellationToken).ConfigureAwait(false);
            LogPruned(logger, target.Kind ?? string.Empty, ns ?? string.Empty, target.Name ?? string.Empty);
            return true;
        }
        catch (KubeApiException e)
        {
            LogApplyFailed(logger, target.Kind ?? string.Empty, target.Namespace ?? string.Empty, target.Name ?? string.Empty, e.Message);
            return false;
        }
    }

    private static readonly TimeSpan CrdPoll = TimeSpan.FromMilliseconds(200);

    private static JsonObject? Parse(JsonElement manifest) => JsonNode.Parse(manifest.GetRawText()) as JsonObject;

    /// <summary>A release's state: deployed when every object of its revision applied, else failed with the objects' messages.</summary>
    private static ReleaseStatus ReleaseOutcome(DeliveryRelease release, IEnumerable<ManifestStatus> results)
    {
        var failed = results.Where(r => r.Applied != true).ToList();
        return new ReleaseStatus
        {
            Name = release.Name,
            Namespace = release.Namespace,
            Chart = release.Chart,
            Version = release.Version,
            Revision = release.Revision,
            Status = failed.Count == 0 ? ReleaseStates.Deployed : ReleaseStates.Failed,
            Message = failed.Count == 0 ? null : string.Join("; ", failed.Select(f => $"{f.Kind} {f.Namespace}/{f.Name}: {f.Message}")),
        };
    }

    private static ManifestStatus Identity(JsonObject manifest) => new()
    {
        ApiVersion = manifest["apiVersion"]?.GetValue<string>(),
        Kind = manifest["kind"]?.GetValue<string>(),
        Namespace = manifest["metadata"]?["namespace"]?.GetValue<string>(),
        Name = manifest["metadata"]?["name"]?.GetValue<string>(),
    };

    /// <summary>Workloads' desired and ready replicas from the member's object.</summary>
    private static ManifestStatus WithReadiness(ManifestStatus entry, JsonObject applied) => entry.Kind switch
    {
        "Deployment" or "StatefulSet" or "ReplicaSet" => entry with { Replicas = Int(applied["spec"]?["replicas"]) ?? 1, ReadyReplicas = Int(applied["status"]?["readyReplicas"]) ?? 0 },
        "DaemonSet" => entry with { Replicas = Int(applied["status"]?["desiredNumberScheduled"]) ?? 0, ReadyReplicas = Int(applied["status"]?["numberReady"]) ?? 0 },
        _ => entry,
    };

    private static int? Int(JsonNode? node) => node is JsonValue value && value.TryGetValue<int>(out var result) ? result : null;

    [LoggerMessage(EventId = 8310, Level = LogLevel.Information, Message = "Delivery {Delivery}: {Applied} objects applied, {Failed} failed")]
    private static partial void LogApplied(ILogger logger, ObjectKey delivery, int applied, int failed);

    [LoggerMessage(EventId = 8311, Level = LogLevel.Warning, Message = "Delivered {Kind} {Namespace}/{Name}: {Reason}")]
    private static partial void LogApplyFailed(ILogger logger, string kind, string @namespace, string name, string reason);

    [LoggerMessage(EventId = 8312, Level = LogLevel.Information, Message = "Removed delivered {Kind} {Namespace}/{Name}, no longer listed")]
    private static partial void LogPruned(ILogger logger, string kind, string @namespace, string name);

    [LoggerMessage(EventId = 8313, Level = LogLevel.Information, Message = "Delivery {Delivery} deleted: its objects are removed from the member")]
    private static partial void LogRemoved(ILogger logger, ObjectKey delivery);
}
