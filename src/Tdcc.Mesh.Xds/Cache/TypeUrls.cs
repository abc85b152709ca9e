using System.Collections.Frozen;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// The xDS v3 resource types this control plane serves, and the order an ADS push follows. Besides Envoy's types, every
/// Istio GVK type URL (<c>networking.istio.io/v1alpha3/ServiceEntry</c>, ...; <see cref="Istio.IstioKinds.IsGvk"/>) is
/// served for istiod's MCP-over-xDS config source: full state per type, pushed after the Envoy types.
/// </summary>
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

    /// <summary>True for a type this server serves: an Envoy type, or any Istio GVK (unknown kinds get an empty list).</summary>
    public static bool IsKnown(string typeUrl) => Known.Contains(typeUrl) || Istio.IstioKinds.IsGvk(typeUrl);

    /// <summary>
    /// How many Istio types one stream may ask for (istiod asks for some forty); further ones are ignored like unknown
    /// types, so a client cannot grow a stream's state without bound by inventing type names.
    /// </summary>
    public const int MaxIstioTypesPerStream = 128;

    /// <summary>True for an Istio GVK type URL (MCP over xDS).</summary>
    public static bool IsIstio(string typeUrl) => !Known.Contains(typeUrl) && Istio.IstioKinds.IsGvk(typeUrl);

    /// <summary>
    /// True where a push withholds removals until every other type is updated (make before break): LDS and CDS. Istio
    /// config is full state too, but istiod applies it as a store, so a removal goes out at once.
    /// </summary>
    public static bool IsMakeBeforeBreak(string typeUrl) =>
        string.Equals(typeUrl, Listener, StringComparison.Ordinal) || string.Equals(typeUrl, Cluster, StringComparison.Ordinal);

    /// <summary>
    /// True for the types where a SotW response is the complete state (LDS, CDS, and the Istio types of MCP over xDS)
    /// and where wildcard subscriptions exist.
    /// </summary>
    public static bool IsFullState(string typeUrl) =>
        IsMakeBeforeBreak(typeUrl) || IsIstio(typeUrl);

    /// <summary>A short name for logs and metrics: LDS, RDS, CDS, EDS, SDS; MCP for every Istio type.</summary>
    public static string ShortName(string typeUrl) => typeUrl switch
    {
        Listener => "LDS",
        RouteConfiguration => "RDS",
        Cluster => "CDS",
        ClusterLoadAssignment => "EDS",
        Secret => "SDS",
        _ when IsIstio(typeUrl) => "MCP",
        _ => "unknown",
    };
}
