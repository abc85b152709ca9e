using System.Net.Security;
using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Channel-wide client settings.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted (after decompression); larger ones fail the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>Largest request message sent; larger ones fail the call with RESOURCE_EXHAUSTED.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue;

    /// <summary>Compress request messages with gzip (<c>grpc-encoding: gzip</c>).</summary>
    public bool CompressRequests { get; set; }

    /// <summary>HTTP/2 keepalive: ping after this much idle time. Infinite (the default) sends no pings.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>HTTP/2 keepalive: close the connection when a ping is not answered within this time.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>HTTP/2 keepalive: ping only while calls are active (the default), or always.</summary>
    public HttpKeepAlivePingPolicy KeepAlivePingPolicy { get; set; } = HttpKeepAlivePingPolicy.WithActiveRequests;

    /// <summary>How long connecting may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS settings for <c>https://</c> addresses (certificate validation, client certificates).</summary>
    public SslClientAuthenticationOptions? SslOptions { get; set; }

    /// <summary>A handler to send requests with instead of the channel's own <see cref="SocketsHttpHandler"/>; the caller disposes it.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>The clock deadlines are measured with.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
