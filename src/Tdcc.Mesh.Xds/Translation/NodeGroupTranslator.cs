using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Every snapshot group of a clusterset (use with <see cref="NodeHashes.ByClusterAndRole"/>), per member cluster:
/// the proxyless view (what gRPC clients need, <see cref="ClusterSetTranslator"/>, plus the gRFC A36 Listeners of the
/// cluster's own endpoints for xDS-enabled gRPC servers, <see cref="ServerListenerNames"/>), and the east-west
/// and ingress gateway views (<see cref="GatewayTranslator"/>), and istiod's view (<see cref="Istio.IstioTranslator"/>,
/// MCP over xDS). What several groups share is built and serialized
/// once: the proxyless routes, listeners and clusters, the ingress listener, routes and clusters, and each cluster's
/// outbound load assignments (its proxyless and ingress groups), and the Istio ServiceEntries and DestinationRules.
/// </summary>
public static class NodeGroupTranslator
{
    /// <summary>
    /// The snapshot of every group of <paramref name="members"/>, by group name (<see cref="NodeView.Group"/>).
    /// <paramref name="extraResources"/> adds resources the translation does not make to a group, such as the SDS
    /// Secrets the gateway listeners refer to (<see cref="SecretNames"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, Snapshot> Translate(
        ClusterSetModel model,
        IEnumerable<string> members,
        GatewayOptions? options = null,
        Func<NodeView, IEnumerable<XdsResource>>? extraResources = null,
        Istio.IstioOptions? istio = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        options ??= GatewayOptions.Default;
        var index = new ModelIndex(model);
        var proxyless = ClusterSetTranslator.Shared(index).Select(XdsResource.Create).ToList();
        var ingress = GatewayTranslator.IngressShared(index, options).Select(XdsResource.Create).ToList();
        istio ??= Istio.IstioOptions.Default;
        var istioShared = Istio.IstioTranslator.SharedByMembers(istio)
            ? Istio.IstioTranslator.Services(index, null, istio).Select(Istio.IstioMcp.ToXdsResource).ToList()
            : null;
        var snapshots = new Dictionary<string, Snapshot>(StringComparer.Ordinal);
        foreach (var cluster in members.Distinct(StringComparer.Ordinal))
        {
            var assignments = ClusterSetTranslator.LoadAssignments(index, cluster).Select(XdsResource.Create).ToList();
            Add(new NodeView(cluster, null), [.. proxyless, .. assignments, .. ServerListenerTranslator.ForCluster(index, cluster).Select(XdsResource.Create)]);
            Add(new NodeView(cluster, NodeRoles.EastWestGateway), [.. GatewayTranslator.EastWest(index, cluster, options).Select(XdsResource.Create)]);
            Add(new NodeView(cluster, NodeRoles.IngressGateway), [.. ingress, .. assignments]);
            var istioServices = istioShared ?? [.. Istio.IstioTranslator.Services(index, cluster, istio).Select(Istio.IstioMcp.ToXdsResource)];
            Add(new NodeView(cluster, NodeRoles.Istiod), [.. istioServices, .. Istio.IstioTranslator.Workloads(index, cluster, istio).Select(Istio.IstioMcp.ToXdsResource)]);
        }

        return snapshots;

        void Add(NodeView view, List<XdsResource> resources)
        {
            if (extraResources is not null)
            {
                resources.AddRange(extraResources(view));
            }

            snapshots[view.Group] = Snapshot.Create(resources);
        }
    }
}
