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
/// copies) and hands the debouncer one per node group of every member (<see cref="NodeHashes.ByClusterAndRole"/>):
/// proxyless gRPC nodes (<c>&lt;cluster&gt;</c>), east-west gateways (<c>east-west-gateway/&lt;cluster&gt;</c>) and ingress
/// gateways (<c>ingress-gateway/&lt;cluster&gt;</c>). Every change enqueues the one key <see cref="ModelKey"/>, so bursts collapse.
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
        var snapshots = NodeGroupTranslator.Translate(model, clusterSet.Members, GatewayOptions.Default, SecretsFor);
        foreach (var (group, snapshot) in snapshots)
        {
            debouncer.Submit(group, snapshot);
        }

        LogPublished(logger, model.Services.Count, model.Endpoints.Count, snapshots.Count, clusterSet.Members.Count);
        return Task.FromResult(ReconcileResult.Done);
    }

    /// <summary>
    /// The SDS Secrets of one node group: the place the mesh identity plugs in. The east-west gateway listeners refer
    /// to <see cref="SecretNames.GatewayCertificate"/> of their cluster and to <see cref="SecretNames.TrustBundle"/>
    /// (<c>SecretTranslator.ForGateway</c> makes both); until they are added here, an Envoy east-west gateway cannot
    /// complete a TLS handshake. Proxyless and ingress groups need none.
    /// </summary>
    private static IEnumerable<XdsResource> SecretsFor(NodeView view) => [];

    [LoggerMessage(EventId = 310, Level = LogLevel.Debug, Message = "xDS model: {Services} services, {EndpointSets} endpoint sets, {Groups} snapshots for {Clusters} clusters")]
    private static partial void LogPublished(ILogger logger, int services, int endpointSets, int groups, int clusters);
}
