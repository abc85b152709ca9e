using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Applies the HTTP/2 settings of <see cref="GrpcServerOptions"/> (keepalive, streams per connection, connection window) to Kestrel.</summary>
internal sealed class GrpcKestrelOptionsSetup(IOptions<GrpcServerOptions> grpcOptions) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        var grpc = grpcOptions.Value;
        var http2 = options.Limits.Http2;
        if (grpc.KeepAlivePingDelay is { } delay)
        {
            http2.KeepAlivePingDelay = delay;
        }

        if (grpc.KeepAlivePingTimeout is { } timeout)
        {
            http2.KeepAlivePingTimeout = timeout;
        }

        if (grpc.MaxStreamsPerConnection is { } streams)
        {
            http2.MaxStreamsPerConnection = streams;
        }

        if (grpc.InitialConnectionWindowSize is { } window)
        {
            http2.InitialConnectionWindowSize = window;
        }
    }
}
