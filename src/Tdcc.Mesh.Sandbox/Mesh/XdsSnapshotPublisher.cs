using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// Rebuilds the xDS snapshots from the hub's informer caches (aggregated ServiceImports and the per-cluster EndpointSlice
/// copies) and hands one per member (node group = <c>node.cluster</c>) to the debouncer. Every change enqueues the one
/// key <see cref="ModelKey"/>, so bursts collapse.
/// </summary>
internal sealed partial class XdsSnapshotPublisher(
    XdsClusterSet clusterSet,
    IInformerStore<ServiceImport> imports,
    IInformerStore<EndpointSlice> slices,
    ISnapshotDebouncer debouncer,
    ILogger<XdsSnapshotPublisher> logger) : IReconciler
{
    public static readonly ObjectKey ModelKey = ObjectKey.Cluster("clusterset");

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var model = XdsModelBuilder.Build(imports.List(), slices.List(), clusterSet.Localities);
        foreach (var (cluster, snapshot) in ClusterSetTranslator.TranslatePerCluster(model, clusterSet.Members))
        {
            debouncer.Submit(cluster, snapshot);
        }

        LogPublished(logger, model.Services.Count, model.Endpoints.Count, clusterSet.Members.Count);
        return Task.FromResult(ReconcileResult.Done);
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "xDS model: {Services} services, {EndpointSets} endpoint sets, snapshots for {Clusters} clusters")]
    private static partial void LogPublished(ILogger logger, int services, int endpointSets, int clusters);
}
