using Envoy.Config.Route.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The HttpConnectionManager every translated listener holds: codec AUTO and the router filter as the only and last
/// HTTP filter (gRFC A39 rejects anything else last), with routes from RDS over ADS or inline.
/// </summary>
internal static class HttpConnectionManagers
{
    public const string RouterFilterName = "envoy.filters.http.router";

    /// <summary>The network filter name Envoy gives the HttpConnectionManager.</summary>
    public const string FilterName = "envoy.filters.network.http_connection_manager";

    public static HttpConnectionManager WithRds(string statPrefix, string routeConfigName) => new()
    {
        StatPrefix = statPrefix,
        CodecType = HttpConnectionManager.Types.CodecType.Auto,
        Rds = new Rds { RouteConfigName = routeConfigName, ConfigSource = XdsConfigSources.Ads() },
        HttpFilters = { Router() },
    };

    public static HttpConnectionManager WithInlineRoutes(string statPrefix, RouteConfiguration routes) => new()
    {
        StatPrefix = statPrefix,
        CodecType = HttpConnectionManager.Types.CodecType.Auto,
        RouteConfig = routes,
        HttpFilters = { Router() },
    };

    private static HttpFilter Router() => new() { Name = RouterFilterName, TypedConfig = Any.Pack(new Router()) };
}
