using Google.Protobuf;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Pure functions from the clusterset model to the Envoy gateway views of one member cluster.
/// <list type="bullet">
/// <item>East-west: the mTLS Listener <see cref="GatewayNames.EastWest"/> (its metadata lists the other members'
/// gateways, <see cref="GatewayPeers"/>), its RouteConfiguration (a virtual host per port of every service the cluster
/// exports) and the inbound Clusters and ClusterLoadAssignments (<see cref="GatewayNames.InboundCluster"/>) that hold
/// only the cluster's own ready endpoints; plus the outbound listeners, routes, clusters and load assignments of the
/// imported service ports (<see cref="OutboundGatewayTranslator"/>).</item>
/// <item>Ingress: the plaintext Listener <see cref="GatewayNames.Ingress"/>, its RouteConfiguration (a virtual host per
/// port of every clusterset service) and the outbound Clusters and ClusterLoadAssignments proxyless nodes of the
/// cluster get (same names, local cluster first).</item>
/// </list>
/// Clusters of HTTP/2 appProtocols (grpc, h2c, kubernetes.io/h2c, http2) talk HTTP/2 upstream.
/// </summary>
public static class GatewayTranslator
{
    /// <summary>The east-west gateway view of <paramref name="cluster"/>.</summary>
    public static IReadOnlyList<IMessage> TranslateEastWest(ClusterSetModel model, string cluster, GatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return [.. EastWest(new ModelIndex(model), cluster, options ?? GatewayOptions.Default)];
    }

    /// <summary>The ingress gateway view of <paramref name="cluster"/>.</summary>
    public static IReadOnlyList<IMessage> TranslateIngress(ClusterSetModel model, string cluster, GatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var index = new ModelIndex(model);
        return [.. IngressShared(index, options ?? GatewayOptions.Default), .. ClusterSetTranslator.LoadAssignments(index, cluster)];
    }

    internal static IEnumerable<IMessage> EastWest(ModelIndex index, string cluster, GatewayOptions options)
    {
        var exported = index.Services.Where(service => index.EndpointsOf(service, cluster).Any()).ToList();
        var routes = GatewayRouteTranslator.Build(
            GatewayNames.EastWest,
            exported,
            (service, port) => GatewayNames.InboundCluster(service.Namespace, service.Name, port.Port),
            retries: false);
        var rbac = AccessPolicyTranslator.Apply(routes, exported);
        yield return GatewayListenerTranslator.EastWest(cluster, options, GatewayPeers.Metadata(index, cluster, options), rbac);
        yield return routes;
        foreach (var service in exported)
        {
            foreach (var port in ServicePorts.Served(service))
            {
                var name = GatewayNames.InboundCluster(service.Namespace, service.Name, port.Port);
                yield return InboundClusterTranslator.Cluster(name, port, service.TrafficPolicy);
                yield return InboundClusterTranslator.LoadAssignment(name, port, index.EndpointsOf(service), index.Localities, service.TrafficPolicy, cluster);
            }
        }

        foreach (var resource in OutboundGatewayTranslator.Translate(index, cluster, options))
        {
            yield return resource;
        }
    }

    /// <summary>The ingress Listener, RouteConfiguration and Clusters: the same for every member cluster.</summary>
    internal static IEnumerable<IMessage> IngressShared(ModelIndex index, GatewayOptions options)
    {
        yield return GatewayListenerTranslator.Ingress(options);
        yield return GatewayRouteTranslator.Build(
            GatewayNames.Ingress,
            index.Services,
            (service, port) => ServiceNames.ForPort(service.Namespace, service.Name, port.Port),
            retries: true);
        foreach (var service in index.Services)
        {
            foreach (var port in ServicePorts.Served(service))
            {
                var name = ServiceNames.ForPort(service.Namespace, service.Name, port.Port);
                yield return UpstreamProtocolOptions.ForAppProtocol(ClusterTranslator.Build(name, service.TrafficPolicy), port.AppProtocol);
            }
        }
    }
}
