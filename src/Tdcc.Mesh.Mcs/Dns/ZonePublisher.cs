using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Mcs.Dns;

/// <summary>
/// Keeps the <c>clusterset.local</c> zone in step with the member's ServiceImports and imported EndpointSlices and
/// swaps it into the DNS server. Keys are services (a ServiceImport's namespace/name): only the changed services'
/// names are rebuilt (<see cref="ZoneSnapshot.Apply"/>), the rest are reused. Changes that arrive while an update
/// runs are merged into the one next update; an idle publisher updates at once.
/// </summary>
internal sealed partial class ZonePublisher(
    IClusterSetDnsServer server,
    ClusterSetZoneOptions zoneOptions,
    [FromKeyedServices(McsClients.Member)] IInformerStore<ServiceImport> imports,
    [FromKeyedServices(McsClients.Member)] IInformerStore<EndpointSlice> slices,
    ILogger<ZonePublisher> logger) : IReconciler
{
    /// <summary>The key that rebuilds the whole zone from the caches (the first update does so too).</summary>
    public static readonly ObjectKey ZoneKey = ObjectKey.Cluster(ClusterSetDomain.Name);

    private readonly Lock _gate = new();
    private readonly HashSet<ObjectKey> _pending = [];
    private bool _publishing;
    private ZoneSnapshot? _zone;
    private uint _serial;

    /// <summary>The keys a ServiceImport enqueues: its service.</summary>
    public static IEnumerable<ObjectKey> KeyOf(ServiceImport import) => [ObjectKey.Of(import)];

    /// <summary>The keys an EndpointSlice enqueues: the service of an imported slice, none for others.</summary>
    public static IEnumerable<ObjectKey> KeyOf(EndpointSlice slice) => ZoneRecords.ServiceOf(slice) is { } key ? [key] : [];

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _pending.Add(key);
            if (_publishing)
            {
                // The running update picks the key up when it finishes.
                return Task.FromResult(ReconcileResult.Done);
            }

            _publishing = true;
        }

        while (true)
        {
            ObjectKey[] batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _publishing = false;
                    return Task.FromResult(ReconcileResult.Done);
                }

                batch = [.. _pending];
                _pending.Clear();
            }

            try
            {
                Publish(batch);
            }
            catch
            {
                lock (_gate)
                {
                    _pending.UnionWith(batch);
                    _publishing = false;
                }

                throw;
            }
        }
    }

    private void Publish(ObjectKey[] batch)
    {
        var serial = ++_serial;
        ZoneSnapshot zone;
        if (_zone is null || batch.Contains(ZoneKey))
        {
            var records = ZoneRecords.Build(imports.List(), slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ManagedBy, McsLabels.ManagedByValue)));
            zone = ZoneSnapshot.Build(records, zoneOptions, serial);
        }
        else
        {
            var upserts = new List<ServiceRecordSet>();
            var removals = new List<ServiceKey>();
            foreach (var key in batch)
            {
                var imported = slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ServiceName, key.Name));
                if (ZoneRecords.ForService(imports.GetByKey(key), imported) is { } set)
                {
                    upserts.Add(set);
                }
                else
                {
                    removals.Add(new ServiceKey(key.Namespace, key.Name));
                }
            }

            zone = _zone.Apply(upserts, removals, serial);
        }

        _zone = zone;
        server.UpdateZone(zone);
        Log.ZoneUpdated(logger, zone.Serial, batch.Length, zone.ServiceCount, zone.Rejected.Count);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4400, EventName = "ZoneUpdated", Level = LogLevel.Debug,
            Message = "clusterset.local zone serial {Serial}: {Changed} changed keys, {Services} imported services, {Rejected} rejected names")]
        public static partial void ZoneUpdated(ILogger logger, uint serial, int changed, int services, int rejected);
    }
}
