using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Conflicts;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Mcs.Json;

namespace Tdcc.Mesh.Mcs.Aggregation;

/// <summary>
/// Hub: for one service namespace/name (the key), gathers every cluster's ExportedService, resolves them
/// (<see cref="ConflictResolver"/>) into the aggregated ServiceImport <c>&lt;imports ns&gt;/&lt;ns&gt;.&lt;name&gt;</c>,
/// and writes each export's Conflict verdict into its status, with a NamespaceMissing condition naming the member
/// clusters whose agents reported the namespace missing (each agent's <see cref="McsNames.MissingNamespacesReport"/>
/// ConfigMap in its hub namespace; a changed report reconciles every service of the namespaces it adds or drops, keyed
/// by <see cref="NamespaceKey"/>). The ServiceImport carries
/// the east-west gateway listen port of each TCP port (<see cref="McsLabels.GatewayPortsAnnotation"/>, allocated by
/// <see cref="GatewayPortAllocator"/>). With no exports left, the ServiceImport goes (and its listen ports are free).
/// </summary>
internal sealed partial class AggregationReconciler(
    McsHubOptions options,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ExportedService> exports,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ServiceImport> hubImports,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ConfigMap> reports,
    GatewayPortAllocator allocator,
    [FromKeyedServices(McsClients.Hub)] IKubeClient hub,
    TimeProvider time,
    ILogger<AggregationReconciler> logger) : IReconciler
{
    /// <summary>The service key an ExportedService aggregates into.</summary>
    public static IEnumerable<ObjectKey> KeyOf(ExportedService export) =>
        export.Spec is { } spec ? [new ObjectKey(spec.ServiceNamespace, spec.ServiceName)] : [];

    /// <summary>The service key a hub ServiceImport stands for.</summary>
    public static IEnumerable<ObjectKey> KeyOf(ServiceImport import) =>
        import.Metadata.Labels is { } labels
        && labels.TryGetValue(McsLabels.ServiceNamespace, out var ns)
        && labels.TryGetValue(McsLabels.ServiceName, out var name)
            ? [new ObjectKey(ns, name)]
            : [];

    /// <summary>The index of the missing-namespace reports by the namespaces they list.</summary>
    public const string MissingNamespaceIndex = "missing-namespace";

    /// <summary>The key of a changed report: every service of the namespace (the name is empty).</summary>
    public static ObjectKey NamespaceKey(string @namespace) => new(@namespace, string.Empty);

    /// <summary>The namespaces a missing-namespace report lists (its index values, and the keys its change enqueues).</summary>
    public static IEnumerable<string> ReportedNamespaces(ConfigMap report) =>
        McsNames.ParseNamespaceList(report.Data?.GetValueOrDefault(McsNames.MissingNamespacesKey));

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (key.Name.Length > 0)
        {
            await ReconcileServiceAsync(key, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var services = exports.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceNamespace, key.Namespace))
            .SelectMany(KeyOf)
            .Distinct()
            .ToList();
        foreach (var service in services)
        {
            await ReconcileServiceAsync(service, cancellationToken).ConfigureAwait(false);
        }

        return ReconcileResult.Done;
    }

    private async Task ReconcileServiceAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var imports = hub.Resource<ServiceImport>();
        var hubName = McsNames.HubObject(key.Namespace, key.Name);
        var current = exports.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceName, key.Name))
            .Where(e => e.Spec is not null
                && e.Metadata.DeletionTimestamp is null
                && string.Equals(e.Spec.ServiceNamespace, key.Namespace, StringComparison.Ordinal)
                && string.Equals(e.Spec.ServiceName, key.Name, StringComparison.Ordinal))
            .ToList();
        if (current.Count == 0)
        {
            await imports.DeleteIfPresentAsync(options.ImportsNamespace, hubName, cancellationToken).ConfigureAwait(false);
            allocator.Release(hubName);
            Log.Removed(logger, key);
            return;
        }

        // Two ExportedServices of one cluster (a cluster that moved hub namespaces) count once: the oldest.
        var shapes = current.Select(e => ExportShape.From(e.Spec!))
            .GroupBy(s => s.ClusterId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.ExportedAt).First())
            .ToList();
        var resolution = ConflictResolver.Resolve(shapes);
        var labels = ImmutableDictionary<string, string>.Empty
            .Add(McsLabels.ServiceNamespace, key.Namespace)
            .Add(McsLabels.ServiceName, key.Name);
        var annotations = ImmutableDictionary<string, string>.Empty
            .Add(McsLabels.ExportedLabelsAnnotation, JsonSerializer.Serialize(resolution.ExportedLabels, McsJsonContext.Default.ImmutableDictionaryStringString))
            .Add(McsLabels.ExportedAnnotationsAnnotation, JsonSerializer.Serialize(resolution.ExportedAnnotations, McsJsonContext.Default.ImmutableDictionaryStringString));
        var tcpPorts = resolution.Spec.Ports
            .Where(p => p.Protocol is null || string.Equals(p.Protocol, "TCP", StringComparison.OrdinalIgnoreCase))
            .Select(p => p.Port)
            .ToList();
        var evictions = ImmutableArray<GatewayPortEviction>.Empty;
        ImmutableDictionary<string, string> WithGatewayPorts(ServiceImport? existing, ImmutableDictionary<string, string> current)
        {
            var assignment = allocator.Assign(hubName, $"{key.Namespace}/{key.Name}", existing, tcpPorts, hubImports.List());
            evictions = assignment.Evictions;
            return assignment.Ports.IsEmpty
                ? current.Remove(McsLabels.GatewayPortsAnnotation)
                : current.SetItem(McsLabels.GatewayPortsAnnotation, GatewayPorts.Format(assignment.Ports));
        }

        var seed = new ServiceImport
        {
            Metadata = new ObjectMeta { Namespace = options.ImportsNamespace, Name = hubName, Labels = labels, Annotations = WithGatewayPorts(hubImports.GetByKey(new ObjectKey(options.ImportsNamespace, hubName)), annotations) },
            Spec = resolution.Spec,
        };
        ServiceImport Mutate(ServiceImport existing) => existing with
        {
            Metadata = existing.Metadata with
            {
                Labels = (existing.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty).SetItems(labels),
                Annotations = WithGatewayPorts(existing, (existing.Metadata.Annotations ?? ImmutableDictionary<string, string>.Empty).SetItems(annotations)),
            },
            Spec = resolution.Spec,
        };

        // The cache already holds what we would write (the common case when only a verdict or a report changed): no round trip.
        var cached = hubImports.GetByKey(new ObjectKey(options.ImportsNamespace, hubName));
        var (_, stored) = await imports.CreateOrUpdateAsync(seed, Mutate, cached, cancellationToken).ConfigureAwait(false);
        await EvictAsync(key, evictions, cancellationToken).ConfigureAwait(false);

        var now = time.GetUtcNow();
        var clusters = resolution.Clusters.Select(c => new ClusterStatus { Cluster = c }).ToImmutableArray();
        var ready = ConditionSet.Set(
            stored.Status?.Conditions,
            new Condition { Type = McsConditions.Ready, Status = ConditionSet.True, Reason = McsConditions.Reasons.Ready, Message = $"exported by {clusters.Length} cluster(s)" },
            now);
        if (ready.Changed || !(stored.Status?.Clusters ?? []).SequenceEqual(clusters))
        {
            // A merge patch: `stored` may be the informer's copy (CreateOrUpdateAsync found nothing to write), older than the server's.
            await imports.MergeStatusAsync(
                stored with { Status = new ServiceImportStatus { Clusters = clusters, Conditions = ready.Conditions } },
                cancellationToken).ConfigureAwait(false);
        }

        var lacking = reports.ByIndex(MissingNamespaceIndex, key.Namespace)
            .Select(r => r.Metadata.Labels?.GetValueOrDefault(McsLabels.SourceCluster))
            .OfType<string>();
        var missing = NamespaceMissing(key, lacking, resolution.Clusters);
        foreach (var export in current)
        {
            var verdict = resolution.Verdicts[export.Spec!.ClusterId];
            var (conflictChanged, conditions) = ConditionSet.Set(
                export.Status?.Conditions,
                new Condition
                {
                    Type = McsConditions.Conflict,
                    Status = verdict.Conflict ? ConditionSet.True : ConditionSet.False,
                    Reason = verdict.Reason,
                    Message = verdict.Message,
                    ObservedGeneration = export.Metadata.Generation,
                },
                now);
            var (namespaceChanged, withNamespace) = ConditionSet.Set(conditions, missing with { ObservedGeneration = export.Metadata.Generation }, now);
            conditions = withNamespace;
            if (conflictChanged || namespaceChanged)
            {
                await hub.Resource<ExportedService>().MergeStatusAsync(
                    export with { Status = new ExportedServiceStatus { Conditions = conditions } },
                    cancellationToken).ConfigureAwait(false);
            }
        }

        var conflicts = resolution.Verdicts.Values.Count(v => v.Conflict);
        Log.Aggregated(logger, key, resolution.Clusters.Length, conflicts);
    }

    /// <summary>
    /// Removes the listen ports this import keeps from younger imports that hold them too (a merge patch of their
    /// annotation); their own reconcile, which the change triggers, then allocates others.
    /// </summary>
    private async Task EvictAsync(ObjectKey key, ImmutableArray<GatewayPortEviction> evictions, CancellationToken cancellationToken)
    {
        foreach (var eviction in evictions)
        {
            var name = eviction.Import.Metadata.Name!;
            var value = eviction.Remaining.IsEmpty ? null : GatewayPorts.Format(eviction.Remaining);
            var body = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [McsLabels.GatewayPortsAnnotation] = value } } };
            try
            {
                await hub.Resource<ServiceImport>().PatchAsync(options.ImportsNamespace, name, new Patch(PatchType.Merge, body.ToJsonString()), cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
                Log.GatewayPortEvicted(logger, key, name);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.NotFound)
            {
                // It went meanwhile: its ports are free anyway.
            }
        }
    }

    /// <summary>
    /// The NamespaceMissing condition of the exports of <paramref name="key"/>: the clusters whose agents report the
    /// namespace missing (<paramref name="lacking"/>), exporters excepted, sorted.
    /// </summary>
    internal static Condition NamespaceMissing(ObjectKey key, IEnumerable<string> lacking, IEnumerable<string> exporters)
    {
        var exporting = exporters.ToHashSet(StringComparer.Ordinal);
        var clusters = lacking
            .Where(c => c.Length > 0 && !exporting.Contains(c))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return clusters.Count == 0
            ? new Condition
            {
                Type = McsConditions.NamespaceMissing,
                Status = ConditionSet.False,
                Reason = McsConditions.Reasons.NamespacePresent,
                Message = $"no member cluster reports namespace {key.Namespace} missing",
            }
            : new Condition
            {
                Type = McsConditions.NamespaceMissing,
                Status = ConditionSet.True,
                Reason = McsConditions.Reasons.NamespaceMissing,
                Message = $"namespace {key.Namespace} does not exist in cluster{(clusters.Count == 1 ? string.Empty : "s")} {string.Join(", ", clusters)}: "
                    + $"no ServiceImport and no clusterset DNS name for {key} there until the namespace is created",
            };
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, EventName = "ImportAggregated", Level = LogLevel.Debug,
            Message = "Aggregated ServiceImport {Service} from {Clusters} cluster(s), {Conflicts} in conflict")]
        public static partial void Aggregated(ILogger logger, ObjectKey service, int clusters, int conflicts);

        [LoggerMessage(EventId = 4201, EventName = "ImportRemoved", Level = LogLevel.Debug,
            Message = "No cluster exports {Service}; its aggregated ServiceImport is removed")]
        public static partial void Removed(ILogger logger, ObjectKey service);

        [LoggerMessage(EventId = 4202, EventName = "GatewayPortEvicted", Level = LogLevel.Warning,
            Message = "ServiceImport {Service} keeps a gateway listen port that the younger hub import {Import} held too; removed it there")]
        public static partial void GatewayPortEvicted(ILogger logger, ObjectKey service, string import);
    }
}
