using Envoy.Config.Listener.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// A service port → an API listener named like the xds:/// target, holding an HttpConnectionManager that takes its
/// routes from RDS over ADS and ends with the router filter (gRFC A39 requires it as the last filter).
/// </summary>
internal static class ListenerTranslator
{
    public static Listener Build(string name) =>
        new() { Name = name, ApiListener = new ApiListener { ApiListener_ = Any.Pack(HttpConnectionManagers.WithRds(name, name)) } };
}
