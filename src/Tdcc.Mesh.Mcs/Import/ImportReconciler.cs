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

namespace Tdcc.Mesh.Mcs.Import;

/// <summary>
/// Hub → member, one service namespace/name at a time (a key with an empty name means "every import of that
/// namespace", for a namespace that appeared): when the hub has an aggregated ServiceImport and the namespace
/// exists here, writes the member's ServiceImport, its derived Service and one EndpointSlice per hub slice; otherwise
/// removes them. Which imported namespaces do not exist here is reported to the hub once per cluster, by
/// <see cref="MissingNamespaceReporter"/>.
/// </summary>
internal sealed partial class ImportReconciler(
    McsAgentOptions options,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<ServiceImport> hubImports,
    [FromKeyedServices(McsClients.Hub)] IInformerStore<EndpointSlice> hubSlices,
    [FromKeyedServices(McsClients.Member)] IInformerStore<Namespace> namespaces,
    [FromKeyedServices(McsClients.Member)] IInformerStore<Service> services,
    [FromKeyedServices(McsClients.Member)] IInformerStore<EndpointSlice> memberSlices,
    [FromKeyedServices(McsClients.Member)] IInformerStore<ServiceImport> memberImports,
    [FromKeyedServices(McsClients.Member)] IKubeClient member,
    TimeProvider time,
    ILogger<ImportReconciler> logger) : IReconciler
{
    /// <summary>The key of a namespace event: every import of the namespace.</summary>
    public static ObjectKey NamespaceKey(string @namespace) => new(@namespace, string.Empty);

    /// <summary>The service key of a hub object labelled with the service namespace and name.</summary>
    public static IEnumerable<ObjectKey> KeyOf(IKubeObject hubObject) =>
        hubObject.Metadata.Labels is { } labels
        && labels.TryGetValue(McsLabels.ServiceNamespace, out var ns)
        && labels.TryGetValue(McsLabels.ServiceName, out var name)
            ? [new ObjectKey(ns, name)]
            : [];

    /// <summary>The service key of a member object labelled with the MCS service name (derived Services, imported slices).</summary>
    public static IEnumerable<ObjectKey> MemberKeyOf(IKubeObject memberObject) =>
        memberObject.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceName) is { } name
        && (memberObject is not EndpointSlice || memberObject.Metadata.Labels.GetValueOrDefault(McsLabels.ManagedBy) == McsLabels.ManagedByValue)
            ? [new ObjectKey(memberObject.Metadata.Namespace ?? string.Empty, name)]
            : [];

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (key.Name.Length > 0)
        {
            await ReconcileServiceAsync(key, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        foreach (var import in hubImports.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceNamespace, key.Namespace)))
        {
            foreach (var serviceKey in KeyOf(import))
            {
                await ReconcileServiceAsync(serviceKey, cancellationToken).ConfigureAwait(false);
            }
        }

        return ReconcileResult.Done;
    }

    private async Task ReconcileServiceAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var hubImport = hubImports.GetByKey(new ObjectKey(options.ImportsNamespace, McsNames.HubObject(key.Namespace, key.Name)));
        var ns = namespaces.GetByKey(ObjectKey.Cluster(key.Namespace));
        var imported = hubImport?.Spec is not null && hubImport.Metadata.DeletionTimestamp is null ? hubImport : null;
        if (ns is null || ns.Metadata.DeletionTimestamp is not null)
        {
            // Nothing to import into; a terminating namespace removes what we wrote (MissingNamespaceReporter tells the hub).
            return;
        }

        if (imported?.Spec is not { } spec)
        {
            await RemoveAsync(key, cancellationToken).ConfigureAwait(false);
            return;
        }

        hubImport = imported;
        var derivedName = McsNames.DerivedService(key.Namespace, key.Name);
        var exported = ExportedMetadata.Read(hubImport);
        var gatewayPorts = hubImport.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation);
        var local = await UpsertImportAsync(key, spec, exported, DerivedServices.Ips(services.GetByKey(new ObjectKey(key.Namespace, derivedName)), spec), gatewayPorts, memberImports.GetByKey(key), cancellationToken)
            .ConfigureAwait(false);
        var derived = await UpsertDerivedServiceAsync(key, derivedName, spec, local, cancellationToken).ConfigureAwait(false);
        var ips = DerivedServices.Ips(derived, spec);
        if (!(local.Spec?.Ips ?? []).SequenceEqual(ips))
        {
            local = await UpsertImportAsync(key, spec, exported, ips, gatewayPorts, local, cancellationToken).ConfigureAwait(false);
        }

        await WriteStatusAsync(local, hubImport, ips, cancellationToken).ConfigureAwait(false);
        var count = await SyncSlicesAsync(key, local, hubImport, cancellationToken).ConfigureAwait(false);
        Log.Imported(logger, key, options.ClusterId, count);
    }

    private async Task<ServiceImport> UpsertImportAsync(
        ObjectKey key,
        ServiceImportSpec hubSpec,
        ExportedMetadata exported,
        ImmutableArray<string> ips,
        string? gatewayPorts,
        ServiceImport? cached,
        CancellationToken cancellationToken)
    {
        var spec = hubSpec with { Ips = ips };
        var derivedName = McsNames.DerivedService(key.Namespace, key.Name);

        // The controller owns the ServiceImport's labels and annotations: the winning export's, plus the derived service.
        var labels = exported.Labels.IsEmpty ? null : exported.Labels;
        var annotations = exported.Annotations.SetItem(McsLabels.DerivedServiceAnnotation, derivedName);
        if (gatewayPorts is not null)
        {
            annotations = annotations.SetItem(McsLabels.GatewayPortsAnnotation, gatewayPorts);
        }

        var seed = new ServiceImport { Metadata = new ObjectMeta { Namespace = key.Namespace, Name = key.Name }, Spec = spec };
        var (_, stored) = await member.Resource<ServiceImport>().CreateOrUpdateAsync(
            seed,
            existing => existing with
            {
                Metadata = existing.Metadata with { Labels = labels, Annotations = annotations },
                Spec = spec,
            },
            cached,
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task<Service> UpsertDerivedServiceAsync(ObjectKey key, string derivedName, ServiceImportSpec spec, ServiceImport owner, CancellationToken cancellationToken)
    {
        var client = member.Resource<Service>();
        var existing = services.GetByKey(new ObjectKey(key.Namespace, derivedName));
        if (existing is not null && DerivedServices.NeedsRecreate(existing, spec))
        {
            await client.DeleteIfPresentAsync(key.Namespace, derivedName, cancellationToken).ConfigureAwait(false);
            existing = null;
        }

        var seed = new Service { Metadata = new ObjectMeta { Namespace = key.Namespace, Name = derivedName } };
        var (_, stored) = await client.CreateOrUpdateAsync(
            seed,
            current => OwnerReferences.SetControllerReference(owner, DerivedServices.Desired(current, key.Name, spec)),
            existing,
            cancellationToken).ConfigureAwait(false);
        return stored;
    }

    private async Task WriteStatusAsync(ServiceImport local, ServiceImport hubImport, ImmutableArray<string> ips, CancellationToken cancellationToken)
    {
        var headless = DerivedServices.IsHeadless(local.Spec!);
        var ready = headless || !ips.IsEmpty
            ? new Condition { Type = McsConditions.Ready, Status = ConditionSet.True, Reason = Reasons.Ready, Message = "the service is imported" }
            : new Condition { Type = McsConditions.Ready, Status = ConditionSet.False, Reason = Reasons.Pending, Message = "waiting for the derived service's cluster IP" };
        var (changed, conditions) = ConditionSet.Set(local.Status?.Conditions, ready, time.GetUtcNow());
        var clusters = hubImport.Status?.Clusters ?? [];
        if (!changed && (local.Status?.Clusters ?? []).SequenceEqual(clusters))
        {
            return;
        }

        // A merge patch: `local` may be the informer's copy (CreateOrUpdateAsync found nothing to write), older than the server's.
        await member.Resource<ServiceImport>().MergeStatusAsync(
            local with { Status = new ServiceImportStatus { Clusters = clusters, Conditions = conditions } },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> SyncSlicesAsync(ObjectKey key, ServiceImport owner, ServiceImport hubImport, CancellationToken cancellationToken)
    {
        var client = member.Resource<EndpointSlice>();
        var desired = new HashSet<string>(StringComparer.Ordinal);
        var sources = hubSlices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceName, key.Name))
            .Where(s => s.Metadata.Labels?.GetValueOrDefault(McsLabels.ServiceNamespace) == key.Namespace && s.Metadata.DeletionTimestamp is null);
        foreach (var hubSlice in sources)
        {
            var slice = OwnerReferences.SetOwnerReference(owner, ImportedSlices.ToMember(options, key.Namespace, key.Name, hubSlice, hubImport));
            desired.Add(slice.Metadata.Name!);
            await client.CreateOrUpdateAsync(
                slice,
                existing => existing with
                {
                    Metadata = existing.Metadata with { Labels = slice.Metadata.Labels, OwnerReferences = slice.Metadata.OwnerReferences },
                    AddressType = slice.AddressType,
                    Endpoints = slice.Endpoints,
                    Ports = slice.Ports,
                },
                memberSlices.GetByKey(ObjectKey.Of(slice)),
                cancellationToken).ConfigureAwait(false);
        }

        foreach (var stale in Imported(key).Where(s => !desired.Contains(s.Metadata.Name ?? string.Empty)))
        {
            await client.DeleteIfPresentAsync(key.Namespace, stale.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        return desired.Count;
    }

    private async Task RemoveAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        // The slices are owned by the ServiceImport too, so garbage collection removes any the cache has not seen yet.
        var slices = member.Resource<EndpointSlice>();
        foreach (var slice in Imported(key))
        {
            await slices.DeleteIfPresentAsync(key.Namespace, slice.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        var derivedName = McsNames.DerivedService(key.Namespace, key.Name);
        if (services.GetByKey(new ObjectKey(key.Namespace, derivedName)) is not null)
        {
            await member.Resource<Service>().DeleteIfPresentAsync(key.Namespace, derivedName, cancellationToken).ConfigureAwait(false);
        }

        var imports = member.Resource<ServiceImport>();
        if (await imports.GetAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false) is not null)
        {
            await imports.DeleteIfPresentAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
            Log.Removed(logger, key, options.ClusterId);
        }
    }

    /// <summary>The member's imported slices of <paramref name="key"/>, from the member cache.</summary>
    private IEnumerable<EndpointSlice> Imported(ObjectKey key) =>
        memberSlices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceName, key.Name))
            .Where(s => string.Equals(s.Metadata.Namespace, key.Namespace, StringComparison.Ordinal)
                && s.Metadata.Labels?.GetValueOrDefault(McsLabels.ManagedBy) == McsLabels.ManagedByValue);

    private static partial class Log
    {
        [LoggerMessage(EventId = 4300, EventName = "ServiceImported", Level = LogLevel.Debug,
            Message = "Imported {Service} into cluster {Cluster} with {Slices} EndpointSlices")]
        public static partial void Imported(ILogger logger, ObjectKey service, string cluster, int slices);

        [LoggerMessage(EventId = 4301, EventName = "ImportRemoved", Level = LogLevel.Information,
            Message = "No cluster exports {Service} any more; removed its ServiceImport from cluster {Cluster}")]
        public static partial void Removed(ILogger logger, ObjectKey service, string cluster);
    }
}
