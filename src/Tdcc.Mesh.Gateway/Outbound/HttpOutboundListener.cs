using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Gateway.Configuration;
using Tdcc.Mesh.Gateway.Forwarding;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>
/// A Kestrel listener for an HTTP kind of port: HTTP/1.1 (and WebSocket upgrades) for <see cref="GatewayProtocol.Http"/>,
/// prior-knowledge h2c for <see cref="GatewayProtocol.Http2"/> and <see cref="GatewayProtocol.Grpc"/>; every request
/// goes to <see cref="OutboundHttpHandler"/> with the port's current configuration.
/// </summary>
internal sealed class HttpOutboundListener : IOutboundListener
{
    private readonly WebApplication _app;

    private HttpOutboundListener(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public bool IsHttp => true;

    public static async Task<HttpOutboundListener> StartAsync(
        IPAddress address, int port, GatewayProtocol protocol, Func<OutboundPort?> current, OutboundHttpHandler handler, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var app = KestrelApp.Create(loggerFactory, kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Listen(address, port, listen => listen.Protocols = protocol == GatewayProtocol.Http ? HttpProtocols.Http1 : HttpProtocols.Http2);
        });
        app.Run(context =>
        {
            var outbound = current();
            if (outbound is null)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync("this listener port serves no service any more\n", context.RequestAborted);
            }

            return handler.HandleAsync(context, outbound);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new HttpOutboundListener(app, port);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
