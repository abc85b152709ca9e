using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>
/// A pod: answers every request (after <c>?delay-ms=</c> when asked) with <c>cluster=..;source=..;host=..;protocol=..</c> (the source-cluster header it
/// received), and echoes WebSocket messages on <c>/ws</c>.
/// </summary>
internal sealed class HttpEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HttpEchoServer(WebApplication app, IPEndPoint endPoint)
    {
        _app = app;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public int Requests => _requests;

    private int _requests;

    public static async Task<HttpEchoServer> StartAsync(IPAddress address, string cluster, HttpProtocols protocols, int port = 0)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, port, l => l.Protocols = protocols));
        builder.Services.AddRouting();
        var app = builder.Build();
        HttpEchoServer? self = null;
        app.UseWebSockets();
        app.Run(async context =>
        {
            Interlocked.Increment(ref self!._requests);
            if (context.WebSockets.IsWebSocketRequest)
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[4096];
                while (true)
                {
                    var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                        return;
                    }

                    var reply = System.Text.Encoding.UTF8.GetBytes(cluster + ":" + System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
                    await socket.SendAsync(reply, WebSocketMessageType.Text, true, context.RequestAborted);
                }
            }

            if (int.TryParse(context.Request.Query["delay-ms"], out var delay))
            {
                // A slow pod, for timeouts: answers after the delay unless the caller gave up first.
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var body = context.Request.ContentLength > 0 ? await new StreamReader(context.Request.Body).ReadToEndAsync() : string.Empty;
            await context.Response.WriteAsync(
                $"cluster={cluster};source={context.Request.Headers["x-tdcc-source-cluster"]};host={context.Request.Host};protocol={context.Request.Protocol};body={body}");
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new HttpEchoServer(app, new IPEndPoint(address, new Uri(bound).Port));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
