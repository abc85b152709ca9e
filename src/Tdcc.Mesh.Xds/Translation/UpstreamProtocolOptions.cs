using Envoy.Config.Cluster.V3;
using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;
using UpstreamHttpProtocolOptions = Envoy.Extensions.Upstreams.Http.V3.HttpProtocolOptions;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// HTTP/2 to the upstream for Envoy clusters of ports that speak it: without the option Envoy talks HTTP/1.1 to
/// endpoints, which a gRPC server cannot answer. gRPC clients always use HTTP/2 and do not need it.
/// </summary>
internal static class UpstreamProtocolOptions
{
    /// <summary>The <c>typed_extension_protocol_options</c> key Envoy reads the HTTP protocol options of a cluster from.</summary>
    public const string HttpProtocolOptionsKey = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

    /// <summary>True for the appProtocols that mean HTTP/2 (grpc, h2c, kubernetes.io/h2c, http2), any case.</summary>
    public static bool IsHttp2(string? appProtocol) =>
        appProtocol is not null
        && (appProtocol.Equals("grpc", StringComparison.OrdinalIgnoreCase)
            || appProtocol.Equals("h2c", StringComparison.OrdinalIgnoreCase)
            || appProtocol.Equals("kubernetes.io/h2c", StringComparison.OrdinalIgnoreCase)
            || appProtocol.Equals("http2", StringComparison.OrdinalIgnoreCase));

    /// <summary>Sets explicit HTTP/2 on the cluster when the port's appProtocol calls for it; returns the cluster.</summary>
    public static Cluster ForAppProtocol(Cluster cluster, string? appProtocol)
    {
        if (IsHttp2(appProtocol))
        {
            var options = new UpstreamHttpProtocolOptions
            {
                ExplicitHttpConfig = new UpstreamHttpProtocolOptions.Types.ExplicitHttpConfig { Http2ProtocolOptions = new Http2ProtocolOptions() },
            };
            cluster.TypedExtensionProtocolOptions[HttpProtocolOptionsKey] = Any.Pack(options);
        }

        return cluster;
    }
}
