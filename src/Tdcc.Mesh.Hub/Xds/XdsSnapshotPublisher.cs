using Microsoft.Extensions.Logging;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Hub.Clusters;
using Tdcc.Mesh.Identity.Sds;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Reconcile;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Policy.Api;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Hub.Xds;

/// <summary>
/// Rebuilds the xDS snapshots from the hub's informer caches (aggregated ServiceImports, the per-cluster EndpointSlice
/// copies, the GRPCRoutes and HTTPRoutes attached to the services, and the TrafficPolicies) and hands the debouncer one per node group of every member (<see cref="NodeHashes.ByClusterAndRole"/>):
/// proxyless gRPC nodes (<c>&lt;cluster&gt;</c>), east-west gateways (<c>east-west-gateway/&lt;cluster&gt;</c>) and ingress
/// gateways (<c>ingress-gateway/&lt;cluster&gt;</c>). The members are the hub's ManagedClusters (<see cref="ClusterSetMembers"/>),
/// so one that joins later gets its snapshots. Every change enqueues the one key <see cref="ModelKey"/>, so bursts collapse.
/// </summary>
internal sealed partial class XdsSnapshotPublisher(
    ClusterSetMembers members,
    IInformerStore<ServiceImport> imports,
    IInformerStore<EndpointSlice> slices,
    IInformerStore<GrpcRoute> grpcRoutes,
    IInformerStore<HttpRoute> httpRoutes,
    IInformerStore<TrafficPolicy> policies,
    IInformerStore<MultiClusterNetworkPolicy> networkPolicies,
    ISnapshotDebouncer debouncer,
    GatewaySecretSource identity,
    ILogger<XdsSnapshotPublisher> logger) : IReconciler
{
    public static readonly ObjectKey ModelKey = ObjectKey.Cluster("clusterset");

    public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var names = members.Names();
        var model = XdsModelBuilder.Build(imports.List(), slices.List(), members.Localities(), grpcRoutes.List(), httpRoutes.List(), policies.List(), members.Gateways(), networkPolicies.List());
        var snapshots = NodeGroupTranslator.Translate(model, names, GatewayOptions.Default, SecretsFor);
        foreach (var (group, snapshot) in snapshots)
        {
            debouncer.Submit(group, snapshot);
        }

        var routeRules = model.Services.Sum(s => s.Routes?.Sum(p => p.Rules.Count) ?? 0);
        LogPublished(logger, model.Services.Count, model.Endpoints.Count, routeRules, snapshots.Count, names.Count);
        return Task.FromResult(ReconcileResult.Done);
    }

    /// <summary>
    /// The SDS Secrets of one node group: an east-west gateway gets the mesh CA's <see cref="SecretNames.TrustBundle"/>
    /// (its own certificate comes by signing request, never over xDS). Proxyless and ingress groups need none.
    /// </summary>
    private IEnumerable<XdsResource> SecretsFor(NodeView view) =>
        view.Role == NodeRoles.EastWestGateway ? identity.ResourcesFor(view.Cluster) : [];

    [LoggerMessage(EventId = 8200, Level = LogLevel.Debug, Message = "xDS model: {Services} services, {EndpointSets} endpoint sets, {RouteRules} route rules, {Groups} snapshots for {Clusters} clusters")]
    private static partial void LogPublished(ILogger logger, int services, int endpointSets, int routeRules, int groups, int clusters);
}
