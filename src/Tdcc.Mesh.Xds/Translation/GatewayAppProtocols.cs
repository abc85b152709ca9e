namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// Which service ports the east-west gateway handles as HTTP (an HttpConnectionManager with routes) and which as plain
/// TCP (<c>tcp_proxy</c>), from <c>appProtocol</c> as docs/gateway.md maps it: none, <c>tcp</c> or anything unknown →
/// TCP; <c>http</c>, <c>h2c</c>, <c>kubernetes.io/h2c</c>, <c>http2</c>, <c>grpc</c>, <c>kubernetes.io/ws</c> and
/// <c>kubernetes.io/wss</c> (any case) → HTTP.
/// </summary>
internal static class GatewayAppProtocols
{
    private static readonly HashSet<string> Http = new(StringComparer.OrdinalIgnoreCase)
    {
        "http", "h2c", "kubernetes.io/h2c", "http2", "grpc", "kubernetes.io/ws", "kubernetes.io/wss",
    };

    /// <summary>True when the gateway routes the port as HTTP.</summary>
    public static bool IsHttp(string? appProtocol) => appProtocol is not null && Http.Contains(appProtocol);
}
