namespace Tdcc.Mesh.Xds.Client;

/// <summary>The xDS v3 resource types the client subscribes to, by type URL.</summary>
public static class XdsTypeUrls
{
    private const string Prefix = "type.googleapis.com/";

    /// <summary>LDS: <c>envoy.config.listener.v3.Listener</c>.</summary>
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";

    /// <summary>RDS: <c>envoy.config.route.v3.RouteConfiguration</c>.</summary>
    public const string RouteConfiguration = Prefix + "envoy.config.route.v3.RouteConfiguration";

    /// <summary>CDS: <c>envoy.config.cluster.v3.Cluster</c>.</summary>
    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";

    /// <summary>EDS: <c>envoy.config.endpoint.v3.ClusterLoadAssignment</c>.</summary>
    public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";

    /// <summary>SDS: <c>envoy.extensions.transport_sockets.tls.v3.Secret</c>.</summary>
    public const string Secret = Prefix + "envoy.extensions.transport_sockets.tls.v3.Secret";

    /// <summary>The order the client opens its subscriptions in: clusters before listeners (make before break), then what they name.</summary>
    public static IReadOnlyList<string> All { get; } = [Cluster, Listener, ClusterLoadAssignment, RouteConfiguration, Secret];

    /// <summary>True for the types subscribed by wildcard (LDS, CDS); the others are subscribed by name.</summary>
    public static bool IsWildcard(string typeUrl) =>
        string.Equals(typeUrl, Listener, StringComparison.Ordinal) || string.Equals(typeUrl, Cluster, StringComparison.Ordinal);

    /// <summary>LDS, RDS, CDS, EDS, SDS for logs.</summary>
    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Listener => "LDS",
        RouteConfiguration => "RDS",
        Cluster => "CDS",
        ClusterLoadAssignment => "EDS",
        Secret => "SDS",
        _ => typeUrl,
    };
}
