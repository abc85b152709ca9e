namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// The Istio port protocol of a service port, from <c>appProtocol</c> as docs/gateway.md reads it: <c>grpc</c> → GRPC;
/// <c>h2c</c>, <c>kubernetes.io/h2c</c>, <c>http2</c> → HTTP2; <c>http</c>, <c>kubernetes.io/ws</c> → HTTP;
/// <c>https</c> → HTTPS; <c>tls</c>, <c>kubernetes.io/wss</c> → TLS; none or anything else → TCP.
/// </summary>
internal static class IstioProtocols
{
    public static string Of(string? appProtocol) => appProtocol?.ToLowerInvariant() switch
    {
        "grpc" => "GRPC",
        "h2c" or "kubernetes.io/h2c" or "http2" => "HTTP2",
        "http" or "kubernetes.io/ws" => "HTTP",
        "https" => "HTTPS",
        "tls" or "kubernetes.io/wss" => "TLS",
        _ => "TCP",
    };
}
