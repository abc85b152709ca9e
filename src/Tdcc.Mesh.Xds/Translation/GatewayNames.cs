using System.Globalization;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>The names of the resources in the gateway views.</summary>
public static class GatewayNames
{
    /// <summary>The east-west gateway's Listener and its RouteConfiguration.</summary>
    public const string EastWest = "east-west-gateway";

    /// <summary>The ingress gateway's Listener and its RouteConfiguration.</summary>
    public const string Ingress = "ingress-gateway";

    /// <summary>
    /// <c>inbound|&lt;port&gt;|&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local</c>: the Cluster and ClusterLoadAssignment that reach
    /// one service port's endpoints in the gateway's own cluster only (apart from the outbound <see cref="ServiceNames.ForPort"/>).
    /// </summary>
    public static string InboundCluster(string @namespace, string name, int port) =>
        "inbound|" + port.ToString(CultureInfo.InvariantCulture) + "|" + ServiceNames.Host(@namespace, name);
}
