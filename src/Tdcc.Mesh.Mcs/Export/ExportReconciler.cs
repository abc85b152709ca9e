using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Reasons = Tdcc.Mesh.Mcs.Api.McsConditions.Reasons;

namespace Tdcc.Mesh.Mcs.Export;

/// <summary>
/// Member → hub, one ServiceExport at a time: checks the Service, publishes its shape (an ExportedService) and its
/// EndpointSlices into the cluster's hub namespace, copies the hub's Conflict verdict and NamespaceMissing condition back, and removes the hub
/// objects when the export, the Service or the namespace goes (a finalizer holds the export until then).
/// </summary>
internal sealed partial class ExportReconciler(
    McsAgentOptions options,
    [FromKeyedServices(McsClients.Member)] IInformerStore<ServiceExport> exports,
    [FromKeyedServices(McsClients.Member)] IInformerStore<Service> services,
    [FromKeyedServices(McsClients.Member)] IInformerStore<EndpointSlice> slices,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ExportedService> published,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<EndpointSlice> hubSliceCache,
    [FromKeyedServices(McsClients.Member)] IKubeClient member,
    [FromKeyedServices(McsClients.Hub)] IKubeClient hub,
    TimeProvider time,
    ILogger<ExportReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var export = exports.GetByKey(key);
        if (export is null)
        {
            // Most keys without an export come from Service events of unexported services: touch the hub only
            // when it holds something of ours for the key.
            if (published.GetByKey(new ObjectKey(options.HubNamespace, McsNames.HubObject(key.Namespace, key.Name))) is not null)
            {
                await WithdrawAsync(key, cancellationToken).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        if (export.Metadata.DeletionTimestamp is not null)
        {
            await WithdrawAsync(key, cancellationToken).ConfigureAwait(false);
            var (removed, without) = Finalizers.RemoveFinalizer(export, McsLabels.ExportFinalizer);
            if (removed)
            {
                await member.Resource<ServiceExport>().UpdateAsync(without, cancellationToken: cancellationToken).ConfigureAwait(false);
                Log.Unexported(logger, key, options.ClusterId);
            }

            return ReconcileResult.Done;
        }

        var (added, withFinalizer) = Finalizers.AddFinalizer(export, McsLabels.ExportFinalizer);
        if (added)
        {
            export = await member.Resource<ServiceExport>().UpdateAsync(withFinalizer, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var service = services.GetByKey(key);
        var conditions = export.Status?.Conditions ?? [];
        if (service is null || ServiceShape.IsExternalName(service))
        {
            await WithdrawAsync(key, cancellationToken).ConfigureAwait(false);
            var (reason, message) = service is null
                ? (Reasons.NoService, $"service {key} does not exist in cluster {options.ClusterId}")
                : (Reasons.InvalidServiceType, "ExternalName services cannot be exported");
            conditions = Set(conditions, McsConditions.Valid, ConditionSet.False, reason, message, export);
            conditions = Set(conditions, McsConditions.Ready, ConditionSet.False, Reasons.Pending, "the export is not valid", export);
            conditions = ConditionSet.Remove(conditions, McsConditions.Conflict).Conditions;
            conditions = ConditionSet.Remove(conditions, McsConditions.NamespaceMissing).Conditions;
            await WriteStatusAsync(export, conditions, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        conditions = Set(conditions, McsConditions.Valid, ConditionSet.True, Reasons.Valid, "the service can be exported", export);
        ExportedService stored;
        try
        {
            stored = await PublishAsync(key, export, service, cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e)
        {
            // Say why on the export, then let the controller retry with backoff.
            conditions = Set(conditions, McsConditions.Ready, ConditionSet.False, Reasons.Failed, $"publishing to the hub failed ({e.Reason}): {e.Message}", export);
            await WriteStatusAsync(export, conditions, cancellationToken).ConfigureAwait(false);
            throw;
        }

        conditions = Set(conditions, McsConditions.Ready, ConditionSet.True, Reasons.Exported,
            $"exported to the clusterset from cluster {options.ClusterId}", export);
        if (ConditionSet.Find(stored.Status?.Conditions, McsConditions.Conflict) is { } verdict)
        {
            conditions = Set(conditions, McsConditions.Conflict, verdict.Status, verdict.Reason ?? Reasons.NoConflicts, verdict.Message ?? string.Empty, export);
        }

        if (ConditionSet.Find(stored.Status?.Conditions, McsConditions.NamespaceMissing) is { } namespaces)
        {
            conditions = Set(conditions, McsConditions.NamespaceMissing, namespaces.Status, namespaces.Reason ?? Reasons.NamespacePresent, namespaces.Message ?? string.Empty, export);
        }

        await WriteStatusAsync(export, conditions, cancellationToken).ConfigureAwait(false);
        return ReconcileResult.Done;
    }

    /// <summary>Writes the ExportedService and the slice copies; returns the ExportedService as stored.</summary>
    private async Task<ExportedService> PublishAsync(ObjectKey key, ServiceExport export, Service service, CancellationToken cancellationToken)
    {
        var spec = ServiceShape.ToSpec(options.ClusterId, export, service);
        var labels = HubSlices.Labels(options.ClusterId, key.Namespace, key.Name);
        var seed = new ExportedService
        {
            Metadata = new ObjectMeta { Namespace = options.HubNamespace, Name = McsNames.HubObject(key.Namespace, key.Name), Labels = labels },
            Spec = spec,
        };
        var (_, stored) = await hub.Resource<ExportedService>().CreateOrUpdateAsync(
            seed,
            existing => existing with
            {
                Metadata = existing.Metadata with { Labels = (existing.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty).SetItems(labels) },
                Spec = spec,
            },
            published.GetByKey(ObjectKey.Of(seed)),
            cancellationToken).ConfigureAwait(false);

        var hubSlices = hub.Resource<EndpointSlice>();
        var desired = new HashSet<string>(StringComparer.Ordinal);
        var sources = slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.KubernetesServiceName, key.Name))
            .Where(s => string.Equals(s.Metadata.Namespace, key.Namespace, StringComparison.Ordinal)
                && !string.Equals(s.Metadata.Labels?.GetValueOrDefault(McsLabels.ManagedBy), McsLabels.ManagedByValue, StringComparison.Ordinal));
        foreach (var slice in sources)
        {
            var copy = OwnerReferences.SetControllerReference(stored, HubSlices.ToHub(options.ClusterId, options.HubNamespace, key.Namespace, key.Name, slice));
            desired.Add(copy.Metadata.Name!);
            await hubSlices.CreateOrUpdateAsync(
                copy,
                existing => existing with
                {
                    Metadata = existing.Metadata with { Labels = copy.Metadata.Labels, OwnerReferences = copy.Metadata.OwnerReferences },
                    AddressType = copy.AddressType,
                    Endpoints = copy.Endpoints,
                    Ports = copy.Ports,
                },
                hubSliceCache.GetByKey(ObjectKey.Of(copy)),
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in PublishedSlices(key).Where(s => !desired.Contains(s.Metadata.Name ?? string.Empty)))
        {
            await hubSlices.DeleteIfPresentAsync(options.HubNamespace, stale.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        Log.Published(logger, key, options.ClusterId, desired.Count);
        return stored;
    }

    /// <summary>Removes the hub objects of this cluster's export of <paramref name="key"/>.</summary>
    private async Task WithdrawAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // The slice copies are owned by the ExportedService, so garbage collection removes any the cache has not seen yet.
        var hubSlices = hub.Resource<EndpointSlice>();
        foreach (var slice in PublishedSlices(key))
        {
            await hubSlices.DeleteIfPresentAsync(options.HubNamespace, slice.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        await hub.Resource<ExportedService>().DeleteIfPresentAsync(options.HubNamespace, McsNames.HubObject(key.Namespace, key.Name), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>This cluster's hub slice copies of <paramref name="key"/>, from the hub cache.</summary>
    private IEnumerable<EndpointSlice> PublishedSlices(ObjectKey key) =>
        hubSliceCache.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.SourceCluster, options.ClusterId))
            .Where(s => string.Equals(s.Metadata.Namespace, options.HubNamespace, StringComparison.Ordinal)
                && s.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceNamespace) == key.Namespace
                && s.Metadata.Labels.GetValueOrDefault(McsLabels.ServiceName) == key.Name);

    private async Task WriteStatusAsync(ServiceExport export, ImmutableArray<Condition> conditions, CancellationToken cancellationToken)
    {
        var current = export.Status?.Conditions ?? [];
        if (current.SequenceEqual(conditions))
        {
            return;
        }

        var updated = export with { Status = (export.Status ?? new ServiceExportStatus()) with { Conditions = conditions } };
        await member.Resource<ServiceExport>().UpdateStatusAsync(updated, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private ImmutableArray<Condition> Set(ImmutableArray<Condition> conditions, string type, string status, string reason, string message, ServiceExport export) =>
        ConditionSet.Set(
            conditions,
            new Condition { Type = type, Status = status, Reason = reason, Message = message, ObservedGeneration = export.Metadata.Generation },
            time.GetUtcNow()).Conditions;

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, EventName = "ExportPublished", Level = LogLevel.Debug,
            Message = "Published ServiceExport {Export} of cluster {Cluster} to the hub with {Slices} EndpointSlices")]
        public static partial void Published(ILogger logger, ObjectKey export, string cluster, int slices);

        [LoggerMessage(EventId = 4101, EventName = "ExportWithdrawn", Level = LogLevel.Information,
            Message = "ServiceExport {Export} of cluster {Cluster} deleted; its hub objects are removed")]
        public static partial void Unexported(ILogger logger, ObjectKey export, string cluster);
    }
}
