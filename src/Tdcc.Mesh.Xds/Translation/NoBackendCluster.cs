using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// What proxyless routes use instead of a <c>direct_response</c> when a rule has no usable backend: an EDS cluster
/// whose load assignment has no endpoint, so the calls it gets fail with UNAVAILABLE. grpc-js-xds 1.14.1 rejects a
/// whole RouteConfiguration holding any action other than <c>route</c> (or <c>non_forwarding_action</c>), so a
/// <c>direct_response</c> would NACK every route of the port and its calls would wait for name resolution until their
/// deadline. Peers/GrpcJsXdsRoutingPeerTests checks the UNAVAILABLE. Envoy gateways get the <c>direct_response</c>.
/// </summary>
internal static class NoBackendCluster
{
    public const string Name = ServiceNames.NoBackendCluster;

    public static Cluster Cluster() => ClusterTranslator.Build(Name, policy: null);

    public static ClusterLoadAssignment LoadAssignment() => new() { ClusterName = Name };
}
