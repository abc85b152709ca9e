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

    /// <summary>
    /// <c>outbound|&lt;port&gt;|&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local</c>: the east-west gateway's Cluster and
    /// ClusterLoadAssignment of one service port in the whole clusterset (its own cluster's pods, and one endpoint per
    /// other serving cluster: that cluster's gateway).
    /// </summary>
    public static string OutboundCluster(string @namespace, string name, int port) =>
        "outbound|" + port.ToString(CultureInfo.InvariantCulture) + "|" + ServiceNames.Host(@namespace, name);

    /// <summary>
    /// <c>outbound|&lt;listen port&gt;|&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>: the east-west gateway's
    /// Listener (and, for HTTP kinds, RouteConfiguration) of one imported service port on its allocated listen port.
    /// </summary>
    public static string OutboundListener(string @namespace, string name, int port, int listenPort) =>
        "outbound|" + listenPort.ToString(CultureInfo.InvariantCulture) + "|" + ServiceNames.ForPort(@namespace, name, port);

    /// <summary>
    /// The <c>filter_metadata</c> key of the <see cref="EastWest"/> Listener whose Struct lists the other member clusters'
    /// gateways: one field per cluster, each a Struct <c>{address, port, region, zone}</c> (<c>address</c> empty behind NAT).
    /// </summary>
    public const string PeersMetadataKey = "tdcc.io/peers";

    /// <summary>
    /// The <c>filter_metadata</c> key of an outbound endpoint that stands for another cluster (its gateway): a Struct
    /// whose field <see cref="ClusterMetadataField"/> names that cluster.
    /// </summary>
    public const string ClusterMetadataKey = "tdcc.io/cluster";

    /// <summary>The field of the <see cref="ClusterMetadataKey"/> Struct that names the cluster.</summary>
    public const string ClusterMetadataField = "cluster";
}
