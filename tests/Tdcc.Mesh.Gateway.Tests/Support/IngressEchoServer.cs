using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>
/// A backend pod for the ingress tests, as the Gateway API conformance echo server: answers JSON with its name, the
/// request's method, path, query, host, protocol and headers. <c>?delay-ms=</c> delays the answer, <c>?status=</c>
/// sets its status; it remembers every request it got (for mirroring).
/// </summary>
internal sealed class IngressEchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    private IngressEchoServer(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public IPEndPoint EndPoint { get; private set; } = null!;

    /// <summary>The endpoint as the ingress configuration names it, <c>ip:port</c>.</summary>
    public string Endpoint => EndPoint.Address + ":" + EndPoint.Port;

    public int Requests => Volatile.Read(ref _requests);

    public ConcurrentQueue<EchoedRequest> Received { get; } = new();

    public static async Task<IngressEchoServer> StartAsync(IPAddress address, string name, HttpProtocols protocols = HttpProtocols.Http1AndHttp2)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(address, 0, l => l.Protocols = protocols));
        var app = builder.Build();
        var self = new IngressEchoServer(app, name);
        app.Run(async context =>
        {
            Interlocked.Increment(ref self._requests);
            var request = context.Request;
            var echoed = new EchoedRequest(
                name,
                request.Method,
                request.Path.Value ?? "/",
                request.QueryString.Value ?? string.Empty,
                request.Host.Value ?? string.Empty,
                request.Protocol,
                request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()));
            self.Received.Enqueue(echoed);
            if (int.TryParse(request.Query["delay-ms"], out var delay))
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (int.TryParse(request.Query["status"], out var status))
            {
                context.Response.StatusCode = status;
            }

            context.Response.Headers["x-echo-server"] = name;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(echoed));
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self.EndPoint = new IPEndPoint(address, new Uri(bound).Port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>What an <see cref="IngressEchoServer"/> saw.</summary>
internal sealed record EchoedRequest(string Name, string Method, string Path, string Query, string Host, string Protocol, Dictionary<string, string> Headers);
