using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>The xDS v3 resource types this control plane serves, and the order an ADS push follows.</summary>
public static class TypeUrls
{
    public const string Prefix = "type.googleapis.com/";
    public const string Listener = Prefix + "envoy.config.listener.v3.Listener";
    public const string RouteConfiguration = Prefix + "envoy.config.route.v3.RouteConfiguration";
    public const string Cluster = Prefix + "envoy.config.cluster.v3.Cluster";
    public const string ClusterLoadAssignment = Prefix + "envoy.config.endpoint.v3.ClusterLoadAssignment";
    public const string Secret = Prefix + "envoy.extensions.transport_sockets.tls.v3.Secret";

    /// <summary>Make-before-break order of a push: clusters, then their endpoints, then listeners, then routes, then secrets.</summary>
    public static IReadOnlyList<string> PushOrder { get; } = [Cluster, ClusterLoadAssignment, Listener, RouteConfiguration, Secret];

    private static readonly FrozenSet<string> Known = PushOrder.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for a type this server serves.</summary>
    public static bool IsKnown(string typeUrl) => Known.Contains(typeUrl);

    /// <summary>
    /// True for the types where a SotW response is the complete state (LDS, CDS) and where wildcard subscriptions exist.
    /// </summary>
    public static bool IsFullState(string typeUrl) =>
        string.Equals(typeUrl, Listener, StringComparison.Ordinal) || string.Equals(typeUrl, Cluster, StringComparison.Ordinal);

    /// <summary>A short name for logs and metrics: LDS, RDS, CDS, EDS, SDS.</summary>
    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Listener => "LDS",
        RouteConfiguration => "RDS",
        Cluster => "CDS",
        ClusterLoadAssignment => "EDS",
        Secret => "SDS",
        _ => "unknown",
    };
}
