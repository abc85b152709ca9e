using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// What tools outside the sandbox process ask of it (<c>tdcc sandbox stop|start MEMBER</c>): a small HTTP server on
/// 127.0.0.1 whose address and bearer token are in endpoints.json (readable by its owner only), so a web page or
/// another user cannot drive it. <c>POST /v1/members/{name}/stop</c> and <c>/start</c>; 401 without the token, 404 for
/// a name that is not a member, 409 when the member is already in that state.
/// </summary>
internal sealed partial class SandboxControlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxControlServer(WebApplication app, Uri address, string token)
    {
        _app = app;
        Address = address;
        Token = token;
    }

    public Uri Address { get; }

    public string Token { get; }

    public static async Task<SandboxControlServer> StartAsync(IClusterSet set, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var logger = loggerFactory.CreateLogger<SandboxControlServer>();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.Authorization != "Bearer " + token)
            {
                await WriteAsync(context, StatusCodes.Status401Unauthorized, "a bearer token from endpoints.json is required").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapPost("/v1/members/{name}/stop", (HttpContext context, string name) =>
            ActAsync(context, name, "stopped", () => set.StopMemberAsync(name, context.RequestAborted), logger));
        app.MapPost("/v1/members/{name}/start", (HttpContext context, string name) =>
            ActAsync(context, name, "running", () => set.StartMemberAsync(name, context.RequestAborted), logger));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new SandboxControlServer(app, address, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ActAsync(HttpContext context, string name, string state, Func<Task> act, ILogger logger)
    {
        try
        {
            await act().ConfigureAwait(false);
            await WriteAsync(context, StatusCodes.Status200OK, $"member {name} is {state}").ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await WriteAsync(context, StatusCodes.Status404NotFound, e.Message.Split(" (Parameter", 2)[0]).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            await WriteAsync(context, StatusCodes.Status409Conflict, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, name, state, e);
            await WriteAsync(context, StatusCodes.Status500InternalServerError, $"member {name} could not be {state}: {e.Message}").ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    [LoggerMessage(EventId = 7175, Level = LogLevel.Error, Message = "Member {Cluster} could not be {State}")]
    private static partial void LogFailed(ILogger logger, string cluster, string state, Exception exception);
}
