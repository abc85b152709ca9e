using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → the east-west gateway's inbound cluster (<see cref="GatewayNames.InboundCluster"/>): an EDS
/// cluster like the outbound one (with HTTP/2 upstream for HTTP/2 appProtocols) whose load assignment holds only the
/// gateway's own cluster's ready endpoints, in one priority-0 locality. Per-cluster weights do not apply: there is
/// one cluster.
/// </summary>
internal static class InboundClusterTranslator
{
    public static Cluster Cluster(string name, ServicePortModel port, TrafficPolicyModel? policy) =>
        UpstreamProtocolOptions.ForAppProtocol(ClusterTranslator.Build(name, policy), port.AppProtocol);

    public static ClusterLoadAssignment LoadAssignment(
        string name,
        ServicePortModel port,
        IEnumerable<ServiceEndpointsModel> endpointSets,
        IReadOnlyDictionary<string, ClusterLocalityModel> localities,
        TrafficPolicyModel? policy,
        string cluster) =>
        LoadAssignmentTranslator.Build(
            name,
            port,
            endpointSets.Where(set => string.Equals(set.SourceCluster, cluster, StringComparison.Ordinal)),
            localities,
            policy is null ? null : policy with { ClusterWeights = null },
            cluster);
}
