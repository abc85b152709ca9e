using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Discovery;
using Tdcc.Mesh.Distribution.Helm;
using Tdcc.Mesh.Distribution.Json;
using Tdcc.Mesh.Distribution.Rendering;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Events;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Hub.Distribution;

/// <summary>
/// Distributes each Subscription (docs/distribution.md): reads its feeds from the hub, schedules them over the
/// ManagedClusters, renders each chosen cluster's manifests with its share of replicas and its Globalization and
/// Localization overrides, writes one Delivery per cluster into the cluster's hub namespace (deleting those of clusters
/// no longer chosen; the agents remove what they delivered), and writes the Subscription's status with the placements,
/// the members' ready replicas and the Scheduled and Applied conditions. A finalizer keeps the Subscription until its
/// Deliveries are gone. A change of a cluster, an override or a watched feed kind enqueues <see cref="AllKey"/>, which
/// reconciles every Subscription; every Subscription is also reconciled every <see cref="Resync"/> (feeds of kinds the
/// hub does not watch).
/// </summary>
internal sealed partial class SubscriptionReconciler(
    IKubeClient hub,
    IInformerStore<Subscription> subscriptions,
    IInformerStore<Delivery> deliveries,
    IInformerStore<ManagedCluster> clusters,
    IInformerStore<Localization> localizations,
    IInformerStore<Globalization> globalizations,
    IChartRenderer charts,
    IEventRecorder events,
    TimeProvider time,
    ILogger<SubscriptionReconciler> logger) : IReconciler
{
    /// <summary>The key that reconciles every Subscription.</summary>
    public static readonly ObjectKey AllKey = ObjectKey.Cluster("*");

    /// <summary>How often a Subscription is reconciled without a change (picks up feeds of unwatched kinds).</summary>
    public static readonly TimeSpan Resync = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of one Subscription written at the same time.</summary>
    private const int ConcurrentDeliveryWrites = 16;

    private readonly ClusterScheduler _scheduler = ClusterScheduler.CreateDefault();
    private readonly ResourceTypeResolver _types = new(hub);
    private readonly ReleaseRenderer _releases = new(charts);

    /// <summary>Consecutive reconciles of a Subscription with a chart that failed to render (the retry backoff).</summary>
    private readonly Dictionary<ObjectKey, int> _renderFailures = [];

    /// <summary>The Subscription a Delivery belongs to.</summary>
    public static IEnumerable<ObjectKey> SubscriptionOf(Delivery delivery) =>
        delivery.Metadata.Labels is { } labels
        && labels.TryGetValue(DistributionLabels.SubscriptionNamespace, out var ns)
        && labels.TryGetValue(DistributionLabels.SubscriptionName, out var name)
            ? [new ObjectKey(ns, name)]
            : [];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (key == AllKey)
        {
            foreach (var subscription in subscriptions.List())
            {
                await ReconcileOneAsync(ObjectKey.Of(subscription), cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        return await ReconcileOneAsync(key, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReconcileResult> ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var subscription = subscriptions.GetByKey(key);
        var existing = deliveries.List().Where(d => SubscriptionOf(d).Contains(key)).ToList();
        if (subscription is null)
        {
            // Gone without our finalizer (it was never reconciled, or it was removed by hand): its deliveries go too.
            await DeleteAsync(existing, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        if (subscription.Metadata.DeletionTimestamp is not null)
        {
            return await FinalizeAsync(subscription, existing, cancellationToken).ConfigureAwait(false);
        }

        if (Finalizers.AddFinalizer(subscription, DistributionLabels.SubscriptionFinalizer) is (true, var withFinalizer))
        {
            subscription = await hub.Resource<Subscription>().UpdateAsync(withFinalizer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var (feeds, feedError) = await ReadFeedsAsync(subscription, cancellationToken).ConfigureAwait(false);
        if (feedError is not null)
        {
            // Nothing is changed in the members while a feed cannot be read; the status says why.
            LogFeedUnavailable(logger, key, feedError);
            await WriteStatusAsync(subscription, (subscription.Status ?? new SubscriptionStatus()) with { ObservedGeneration = subscription.Metadata.Generation }, [Scheduled(subscription, "False", "FeedUnavailable", feedError, now)], now, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.After(Resync);
        }

        var managed = clusters.List();
        var namespaces = managed.ToDictionary(c => c.Metadata.Name ?? string.Empty, c => c.Status?.Namespace ?? ClustersApi.ClusterNamespace(c.Metadata.Name ?? string.Empty), StringComparer.Ordinal);
        var globals = globalizations.List();
        var locals = localizations.List();
        var facts = managed.Select(ClusterFactsReader.Read).ToList();
        IReadOnlyList<SourcedOverride> OverridesFor(Feed feed, ClusterFacts cluster) => OverrideOrder.For(
            feed,
            cluster.Labels,
            globals,
            locals.Where(l => l.Metadata.Namespace == namespaces.GetValueOrDefault(cluster.Name)));
        var plan = SubscriptionPlanner.Plan(subscription, feeds, facts, OverridesFor, _scheduler, now);

        // Deliveries: one per placed cluster that still exists, written a few at a time (a change of a feed placed on
        // 100 clusters is 100 writes; one after the other they were most of the time from the hub to the members).
        var wanted = new Dictionary<ObjectKey, Delivery>();
        var renderErrors = new List<string>();
        var writes = new List<(ClusterDelivery Rendered, ImmutableArray<DeliveryRelease> Releases, ObjectKey Key)>();
        var releaseFailures = new Dictionary<string, ImmutableArray<ReleaseStatus>>(StringComparer.Ordinal);
        var name = DistributionLabels.DeliveryName(key.Namespace, key.Name);
        foreach (var delivery in plan.Deliveries)
        {
            if (!namespaces.TryGetValue(delivery.Cluster, out var ns))
            {
                continue;
            }

            var deliveryKey = new ObjectKey(ns, name);
            if (delivery.Error is not null)
            {
                renderErrors.Add($"{delivery.Cluster}: {delivery.Error}");
                LogRenderFailed(logger, key, delivery.Cluster, delivery.Error);
                if (deliveries.GetByKey(deliveryKey) is { } kept)
                {
                    wanted[deliveryKey] = kept;
                }

                continue;
            }

            // Helm chart feeds (rendered by helm here, replicated to every chosen cluster).
            var clusterFacts = facts.FirstOrDefault(f => f.Name == delivery.Cluster) ?? new ClusterFacts { Name = delivery.Cluster };
            var (releases, failures) = await _releases.RenderAsync(subscription, delivery.Cluster, feed => OverridesFor(feed, clusterFacts), deliveries.GetByKey(deliveryKey), cancellationToken).ConfigureAwait(false);
            foreach (var failure in failures)
            {
                LogChartRenderFailed(logger, key, delivery.Cluster, failure.Name ?? string.Empty, failure.Message ?? string.Empty);
            }

            releaseFailures[delivery.Cluster] = failures;
            writes.Add((delivery, releases, deliveryKey));
        }

        // The Deliveries are written a few at once: one after another, 100 clusters took most of a change's time.
        var written = new Delivery[writes.Count];
        await Parallel.ForAsync(0, writes.Count, new ParallelOptions { MaxDegreeOfParallelism = ConcurrentDeliveryWrites, CancellationToken = cancellationToken }, async (i, ct) =>
            written[i] = await EnsureDeliveryAsync(subscription, writes[i].Rendered, writes[i].Releases, writes[i].Key, ct).ConfigureAwait(false)).ConfigureAwait(false);
        for (var i = 0; i < writes.Count; i++)
        {
            wanted[writes[i].Key] = written[i];
        }

        await DeleteAsync(existing.Where(d => !wanted.ContainsKey(ObjectKey.Of(d))), cancellationToken).ConfigureAwait(false);

        // Status: the decision, the members' readiness, and whether every member applied the current manifests.
        var placements = (plan.Status.Placements ?? []).Select(p =>
        {
            var delivered = namespaces.TryGetValue(p.Cluster ?? string.Empty, out var ns) ? wanted.GetValueOrDefault(new ObjectKey(ns, name)) : null;
            return p with { ReadyReplicas = ReadyReplicas(delivered) };
        }).ToImmutableArray();
        var releaseStatuses = placements
            .Where(p => p.Cluster is not null && p.Evicting != true)
            .SelectMany(p => ReleaseRenderer.Statuses(
                p.Cluster!,
                namespaces.TryGetValue(p.Cluster!, out var ns) ? wanted.GetValueOrDefault(new ObjectKey(ns, name)) : null,
                releaseFailures.GetValueOrDefault(p.Cluster!, [])))
            .ToImmutableArray();
        var status = plan.Status with { Placements = placements, Releases = releaseStatuses.IsEmpty ? null : releaseStatuses };
        var chartErrors = releaseFailures.SelectMany(p => p.Value.Select(f => $"{p.Key}: release {f.Namespace}/{f.Name}: {f.Message}")).ToList();
        var conditions = new List<Condition>(plan.Status.Conditions ?? []) { Applied(subscription, wanted.Values, renderErrors, chartErrors, now), Drifted(subscription, wanted.Values, now) };
        await WriteStatusAsync(subscription, status, conditions, now, cancellationToken).ConfigureAwait(false);
        LogReconciled(logger, key, placements.Length, plan.Decision.Schedulable);
        if (chartErrors.Count == 0)
        {
            _renderFailures.Remove(key);
            return ReconcileResult.After(Resync);
        }

        // A chart that failed to render is tried again with backoff: 2 s, 4 s, 8 s, ... up to the resync period.
        var attempts = _renderFailures[key] = _renderFailures.GetValueOrDefault(key) + 1;
        return ReconcileResult.After(TimeSpan.FromSeconds(Math.Min(Resync.TotalSeconds, Math.Pow(2, Math.Min(attempts, 5)))));
    }

    private async Task<ReconcileResult> FinalizeAsync(Subscription subscription, List<Delivery> existing, CancellationToken cancellationToken)
    {
        // A Delivery whose cluster is gone has no agent left to remove its finalizer: the hub removes it.
        var known = clusters.List().Select(c => c.Metadata.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in existing.Where(d => !known.Contains(d.Spec?.Cluster)))
        {
            if (Finalizers.RemoveFinalizer(orphan, DistributionLabels.DeliveryFinalizer) is (true, var released))
            {
                await IgnoreNotFound(hub.Resource<Delivery>().UpdateAsync(released, cancellationToken: cancellationToken)).ConfigureAwait(false);
            }
        }

        await DeleteAsync(existing, cancellationToken).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            // The agents remove what they delivered, then their Deliveries' finalizers; their deletion enqueues us again.
            return ReconcileResult.After(Resync);
        }

        if (Finalizers.RemoveFinalizer(subscription, DistributionLabels.SubscriptionFinalizer) is (true, var done))
        {
            await IgnoreNotFound(hub.Resource<Subscription>().UpdateAsync(done, cancellationToken: cancellationToken)).ConfigureAwait(false);
            var key = ObjectKey.Of(subscription);
            LogFinalized(logger, key);
        }

        return ReconcileResult.Done;
    }

    private async Task<(IReadOnlyList<FeedTemplate> Feeds, string? Error)> ReadFeedsAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var result = new List<FeedTemplate>();
        foreach (var feed in subscription.Spec?.Feeds ?? [])
        {
            if (feed.HelmChart is not null)
            {
                // Rendered per cluster after scheduling (its values depend on the cluster's overrides).
                if (ReleaseRenderer.Validate(feed.HelmChart) is { } invalid)
                {
                    return (result, invalid);
                }

                result.Add(new FeedTemplate(feed, []));
                continue;
            }

            if (string.IsNullOrEmpty(feed.ApiVersion) || string.IsNullOrEmpty(feed.Kind) || string.IsNullOrEmpty(feed.Name))
            {
                return (result, "a feed needs apiVersion, kind and name (or helmChart)");
            }

            var shown = ManifestRenderer.FeedKey(feed.Kind, feed.Namespace, feed.Name);
            var type = await _types.ResolveAsync(feed.ApiVersion, feed.Kind, cancellationToken).ConfigureAwait(false);
            if (type is null)
            {
                return (result, $"feed {shown}: the hub does not serve {feed.Kind} in {feed.ApiVersion}");
            }

            var obj = await hub.Resource(type).GetAsync(type.Namespaced ? feed.Namespace ?? subscription.Metadata.Namespace : null, feed.Name, cancellationToken).ConfigureAwait(false);
            if (obj is null)
            {
                return (result, $"feed {shown} not found on the hub");
            }

            result.Add(new FeedTemplate(feed, ManifestRenderer.Template(obj.Body)));
        }

        return (result, null);
    }

    private async Task<Delivery> EnsureDeliveryAsync(Subscription subscription, ClusterDelivery rendered, ImmutableArray<DeliveryRelease> releases, ObjectKey key, CancellationToken cancellationToken)
    {
        var spec = new DeliverySpec
        {
            Cluster = rendered.Cluster,
            Subscription = new SubscriptionReference { Namespace = subscription.Metadata.Namespace, Name = subscription.Metadata.Name, Uid = subscription.Metadata.Uid },
            Manifests = [.. rendered.Manifests.Select(Element)],
            Releases = releases.IsEmpty ? null : releases,
            DriftPolicy = subscription.Spec?.DriftPolicy,
        };
        var subscriptionKey = ObjectKey.Of(subscription);
        var current = deliveries.GetByKey(key);
        if (current is null)
        {
            var created = new Delivery
            {
                Metadata = new ObjectMeta
                {
                    Namespace = key.Namespace,
                    Name = key.Name,
                    Labels = ImmutableDictionary<string, string>.Empty
                        .Add(DistributionLabels.SubscriptionNamespace, subscription.Metadata.Namespace ?? string.Empty)
                        .Add(DistributionLabels.SubscriptionName, subscription.Metadata.Name ?? string.Empty),
                    Finalizers = [DistributionLabels.DeliveryFinalizer],
                },
                Spec = spec,
            };
            LogDelivered(logger, subscriptionKey, rendered.Cluster, rendered.Manifests.Length);
            return await hub.Resource<Delivery>().CreateAsync(created, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (current.Metadata.DeletionTimestamp is not null || SameSpec(current.Spec, spec))
        {
            return current;
        }

        LogDelivered(logger, subscriptionKey, rendered.Cluster, rendered.Manifests.Length);
        return await hub.Resource<Delivery>().UpdateAsync(current with { Spec = spec }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static JsonElement Element(JsonObject manifest)
    {
        using var document = JsonDocument.Parse(manifest.ToJsonString());
        return document.RootElement.Clone();
    }

    private static bool SameSpec(DeliverySpec? a, DeliverySpec b) =>
        a is not null && JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(a, DistributionJsonContext.Default.DeliverySpec),
            JsonSerializer.SerializeToNode(b, DistributionJsonContext.Default.DeliverySpec));

    private async Task DeleteAsync(IEnumerable<Delivery> stale, CancellationToken cancellationToken)
    {
        foreach (var delivery in stale.Where(d => d.Metadata.DeletionTimestamp is null))
        {
            await hub.Resource<Delivery>().DeleteIfPresentAsync(delivery.Metadata.Namespace, delivery.Metadata.Name ?? string.Empty, cancellationToken).ConfigureAwait(false);
            var key = ObjectKey.Of(delivery);
            LogWithdrawn(logger, delivery.Spec?.Cluster ?? delivery.Metadata.Namespace ?? string.Empty, key);
        }
    }

    /// <summary>The ready replicas the member reported for the current manifests (null until it reports).</summary>
    private static int? ReadyReplicas(Delivery? delivery) =>
        delivery?.Status is { } status && status.ObservedGeneration == delivery.Metadata.Generation && status.Manifests is { } manifests && manifests.Any(m => m.ReadyReplicas is not null)
            ? manifests.Sum(m => m.ReadyReplicas ?? 0)
            : null;

    private static Condition Applied(Subscription subscription, IEnumerable<Delivery> delivered, List<string> renderErrors, List<string> chartErrors, DateTimeOffset now)
    {
        var failed = new List<string>(renderErrors);
        var pending = new List<string>();
        foreach (var delivery in delivered.OrderBy(d => d.Spec?.Cluster, StringComparer.Ordinal))
        {
            var cluster = delivery.Spec?.Cluster ?? delivery.Metadata.Namespace;
            var applied = ConditionSet.Find(delivery.Status?.Conditions, DeliveryConditions.Applied);
            if (delivery.Status?.ObservedGeneration != delivery.Metadata.Generation || applied is null)
            {
                pending.Add(cluster ?? string.Empty);
            }
            else if (applied.Status != ConditionSet.True)
            {
                failed.Add($"{cluster}: {applied.Message}");
            }
        }

        var (status, reason, message) = chartErrors.Count > 0
            ? ("False", DeliveryConditions.RenderFailed, string.Join("; ", chartErrors.Concat(failed)))
            : failed.Count > 0
            ? ("False", DeliveryConditions.ApplyFailed, string.Join("; ", failed))
            : pending.Count > 0
                ? ("False", DeliveryConditions.Pending, "waiting for " + string.Join(", ", pending))
                : ("True", DeliveryConditions.AllApplied, "every placed cluster applied the manifests");
        return new Condition { Type = DeliveryConditions.Applied, Status = status, Reason = reason, Message = message, ObservedGeneration = subscription.Metadata.Generation, LastTransitionTime = now };
    }

    /// <summary>Drift the members reported (drift policy Report): the objects, by cluster.</summary>
    private static Condition Drifted(Subscription subscription, IEnumerable<Delivery> delivered, DateTimeOffset now)
    {
        var drifted = delivered
            .OrderBy(d => d.Spec?.Cluster, StringComparer.Ordinal)
            .SelectMany(d => (d.Status?.Manifests ?? []).Where(m => m.Drifted == true).Select(m => $"{d.Spec?.Cluster}: {ManifestRenderer.FeedKey(m.Kind ?? string.Empty, m.Namespace, m.Name ?? string.Empty)}"))
            .ToList();
        return drifted.Count > 0
            ? new Condition { Type = DeliveryConditions.Drifted, Status = ConditionSet.True, Reason = DeliveryConditions.DriftReported, Message = "changed in the member and left so (driftPolicy Report): " + string.Join("; ", drifted), ObservedGeneration = subscription.Metadata.Generation, LastTransitionTime = now }
            : new Condition { Type = DeliveryConditions.Drifted, Status = ConditionSet.False, Reason = DeliveryConditions.NoDrift, Message = "no drift reported", ObservedGeneration = subscription.Metadata.Generation, LastTransitionTime = now };
    }

    private static Condition Scheduled(Subscription subscription, string status, string reason, string message, DateTimeOffset now) =>
        new() { Type = SubscriptionConditions.Scheduled, Status = status, Reason = reason, Message = message, ObservedGeneration = subscription.Metadata.Generation, LastTransitionTime = now };

    private async Task WriteStatusAsync(Subscription subscription, SubscriptionStatus status, IEnumerable<Condition> conditions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var merged = subscription.Status?.Conditions;
        foreach (var condition in conditions)
        {
            merged = ConditionSet.Set(merged, condition, now).Conditions;
        }

        var next = status with { Conditions = merged };
        if (subscription.Status is { } current && JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(current, DistributionJsonContext.Default.SubscriptionStatus),
            JsonSerializer.SerializeToNode(next, DistributionJsonContext.Default.SubscriptionStatus)))
        {
            return;
        }

        await hub.Resource<Subscription>().UpdateStatusAsync(subscription with { Status = next }, cancellationToken: cancellationToken).ConfigureAwait(false);
        SubscriptionEvents.Record(events, subscription, subscription.Status, next);
    }

    private static async Task IgnoreNotFound(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
        {
        }
    }

    [LoggerMessage(EventId = 8240, Level = LogLevel.Debug, Message = "Subscription {Subscription}: placed on {Clusters} clusters (schedulable: {Schedulable})")]
    private static partial void LogReconciled(ILogger logger, ObjectKey subscription, int clusters, bool schedulable);

    [LoggerMessage(EventId = 8241, Level = LogLevel.Warning, Message = "Subscription {Subscription}: {Reason}")]
    private static partial void LogFeedUnavailable(ILogger logger, ObjectKey subscription, string reason);

    [LoggerMessage(EventId = 8242, Level = LogLevel.Warning, Message = "Subscription {Subscription}: manifests for cluster {Cluster} not rendered: {Reason}")]
    private static partial void LogRenderFailed(ILogger logger, ObjectKey subscription, string cluster, string reason);

    [LoggerMessage(EventId = 8243, Level = LogLevel.Information, Message = "Subscription {Subscription}: delivery of {Manifests} manifests to cluster {Cluster} written")]
    private static partial void LogDelivered(ILogger logger, ObjectKey subscription, string cluster, int manifests);

    [LoggerMessage(EventId = 8244, Level = LogLevel.Information, Message = "Delivery {Delivery} withdrawn from cluster {Cluster}")]
    private static partial void LogWithdrawn(ILogger logger, string cluster, ObjectKey delivery);

    [LoggerMessage(EventId = 8246, Level = LogLevel.Warning, Message = "Subscription {Subscription}: chart release {Release} for cluster {Cluster} not rendered: {Reason}")]
    private static partial void LogChartRenderFailed(ILogger logger, ObjectKey subscription, string cluster, string release, string reason);

    [LoggerMessage(EventId = 8245, Level = LogLevel.Information, Message = "Subscription {Subscription}: every delivery removed, finalizer released")]
    private static partial void LogFinalized(ILogger logger, ObjectKey subscription);
}
