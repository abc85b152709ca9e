using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Server-wide gRPC settings, read once when services are mapped.</summary>
public sealed class GrpcServerOptions
{
    /// <summary>Largest request message accepted (after decompression); larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest response message sent; larger ones end the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>When true, the message of an unexpected handler exception is sent in <c>grpc-message</c>. Off by default: details never leak.</summary>
    public bool EnableDetailedErrors { get; set; }

    /// <summary>Compress responses with gzip when the client accepts it. Off by default.</summary>
    public bool CompressResponses { get; set; }

    /// <summary>HTTP/2 keepalive: Kestrel pings a connection idle for this long. Null keeps Kestrel's default (no pings).</summary>
    public TimeSpan? KeepAlivePingDelay { get; set; }

    /// <summary>HTTP/2 keepalive: a connection whose ping is not answered within this time is closed. Null keeps Kestrel's default.</summary>
    public TimeSpan? KeepAlivePingTimeout { get; set; }

    /// <summary>HTTP/2 streams (calls) allowed at once per connection. Null keeps Kestrel's default (100).</summary>
    public int? MaxStreamsPerConnection { get; set; }

    /// <summary>
    /// HTTP/2 connection receive window in bytes: how much request data all streams of a connection may send before
    /// the server has read it. Null keeps Kestrel's default (1 MiB).
    /// </summary>
    public int? InitialConnectionWindowSize { get; set; }
}
