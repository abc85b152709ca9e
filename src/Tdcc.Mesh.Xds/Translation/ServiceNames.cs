using System.Globalization;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>The names translated resources carry: one name per service port, the xds:/// target gRPC clients dial.</summary>
public static class ServiceNames
{
    public const string ClusterSetDomain = Tdcc.Mesh.MeshModel.ClusterSetDomain.Services;

    /// <summary>
    /// The Cluster (and ClusterLoadAssignment, without endpoints) proxyless routes use for a routing rule without a
    /// usable backend, so its calls fail with UNAVAILABLE. No service port has this name: those end in a port.
    /// </summary>
    public const string NoBackendCluster = "tdcc-mesh/no-backend";

    /// <summary><c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local</c>.</summary>
    public static string Host(string @namespace, string name) => $"{name}.{@namespace}.{ClusterSetDomain}";

    /// <summary>
    /// <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>: the Listener, RouteConfiguration, Cluster and
    /// ClusterLoadAssignment of one service port all use this name (each type has its own namespace).
    /// </summary>
    public static string ForPort(string @namespace, string name, int port) =>
        Host(@namespace, name) + ":" + port.ToString(CultureInfo.InvariantCulture);
}
