namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>How a service port's traffic is carried, from its <c>appProtocol</c> (docs/gateway.md "Protocols").</summary>
public enum GatewayProtocol
{
    /// <summary>Opaque bytes: each connection becomes one HTTP/2 CONNECT stream through the tunnel (no appProtocol, or <c>tcp</c>).</summary>
    Tcp,

    /// <summary>HTTP/1.1 (and WebSocket upgrades) through the forwarder: <c>http</c>.</summary>
    Http,

    /// <summary>HTTP/2 without TLS to the pods: <c>h2c</c>, <c>kubernetes.io/h2c</c>, <c>http2</c>.</summary>
    Http2,

    /// <summary>gRPC over HTTP/2: <c>grpc</c>; retries and failover judge the <c>grpc-status</c> trailer.</summary>
    Grpc,
}
