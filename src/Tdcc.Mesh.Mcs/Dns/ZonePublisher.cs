using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Zones;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Mcs.Dns;

/// <summary>
/// Rebuilds the <c>clusterset.local</c> zone from the member's ServiceImports and imported EndpointSlices and
/// swaps it into the DNS server. Every change enqueues the one key <see cref="ZoneKey"/>, so bursts collapse.
/// </summary>
internal sealed partial class ZonePublisher(
    IClusterSetDnsServer server,
    ClusterSetZoneOptions zoneOptions,
    [FromKeyedServices(McsClients.Member)] IInformerStore<ServiceImport> imports,
    [FromKeyedServices(McsClients.Member)] IInformerStore<EndpointSlice> slices,
    ILogger<ZonePublisher> logger) : IReconciler
{
    /// <summary>The single key of the zone.</summary>
    public static readonly ObjectKey ZoneKey = ObjectKey.Cluster("clusterset.local");

    private uint serial;

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var records = ZoneRecords.Build(imports.List(), slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(McsLabels.ManagedBy, McsLabels.ManagedByValue)));
        var snapshot = ZoneSnapshot.Build(records, zoneOptions, Interlocked.Increment(ref serial));
        server.UpdateZone(snapshot);
        Log.ZoneUpdated(logger, snapshot.Serial, records.Count, snapshot.Rejected.Count);
        return Task.FromResult(ReconcileResult.Done);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4400, EventName = "ZoneUpdated", Level = LogLevel.Debug,
            Message = "clusterset.local zone serial {Serial}: {Services} imported services, {Rejected} rejected names")]
        public static partial void ZoneUpdated(ILogger logger, uint serial, int services, int rejected);
    }
}
