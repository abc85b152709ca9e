using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Envoy.Config.Listener.V3;
using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Envoy.Extensions.TransportSockets.Tls.V3;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Resource names and the names one resource refers to (CDS → EDS, LDS → RDS).</summary>
internal static class ResourceNames
{
    public static string NameOf(IMessage message) => message switch
    {
        Listener listener => listener.Name,
        RouteConfiguration route => route.Name,
        Cluster cluster => cluster.Name,
        ClusterLoadAssignment assignment => assignment.ClusterName,
        Secret secret => secret.Name,
        _ => string.Empty,
    };

    /// <summary>The EDS name an EDS cluster asks for, or null for other discovery types.</summary>
    public static string? EndpointsOf(Cluster cluster)
    {
        if (cluster.ClusterDiscoveryTypeCase != Cluster.ClusterDiscoveryTypeOneofCase.Type || cluster.Type != Cluster.Types.DiscoveryType.Eds)
        {
            return null;
        }

        var serviceName = cluster.EdsClusterConfig?.ServiceName;
        return string.IsNullOrEmpty(serviceName) ? cluster.Name : serviceName;
    }

    /// <summary>The RDS names a listener refers to through HttpConnectionManagers (API listener and filter chains).</summary>
    public static IEnumerable<string> RoutesOf(Listener listener)
    {
        if (listener.ApiListener?.ApiListener_ is { } api && api.TryUnpack<HttpConnectionManager>(out var hcm) && RouteOf(hcm) is { } apiRoute)
        {
            yield return apiRoute;
        }

        foreach (var chain in listener.FilterChains)
        {
            foreach (var filter in chain.Filters)
            {
                if (filter.TypedConfig is { } config && config.TryUnpack<HttpConnectionManager>(out var chained) && RouteOf(chained) is { } route)
                {
                    yield return route;
                }
            }
        }
    }

    private static string? RouteOf(HttpConnectionManager hcm) =>
        hcm.RouteSpecifierCase == HttpConnectionManager.RouteSpecifierOneofCase.Rds && !string.IsNullOrEmpty(hcm.Rds.RouteConfigName)
            ? hcm.Rds.RouteConfigName
            : null;
}
