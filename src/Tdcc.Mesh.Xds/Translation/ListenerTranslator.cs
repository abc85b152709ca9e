using Envoy.Config.Listener.V3;
using Envoy.Extensions.Filters.Http.Router.V3;
using Envoy.Extensions.Filters.Network.HttpConnectionManager.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → an API listener named like the xds:/// target, holding an HttpConnectionManager that takes its
/// routes from RDS over ADS and ends with the router filter (gRFC A39 requires it as the last filter).
/// </summary>
internal static class ListenerTranslator
{
    public const string RouterFilterName = "envoy.filters.http.router";

    public static Listener Build(string name)
    {
        var hcm = new HttpConnectionManager
        {
            StatPrefix = name,
            CodecType = HttpConnectionManager.Types.CodecType.Auto,
            Rds = new Rds { RouteConfigName = name, ConfigSource = XdsConfigSources.Ads() },
            HttpFilters = { new HttpFilter { Name = RouterFilterName, TypedConfig = Any.Pack(new Router()) } },
        };
        return new Listener { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(hcm) } };
    }
}
