using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>A minimal in-process Kestrel application (no configuration files, no environment): one listener, one request delegate.</summary>
internal static class KestrelApp
{
    public static WebApplication Create(ILoggerFactory loggerFactory, Action<KestrelServerOptions> configure, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        services?.Invoke(builder.Services);
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            configure(options);
        });
        return builder.Build();
    }

    /// <summary>The port the (single) listener bound, after start.</summary>
    public static int BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
            {
                return uri.Port;
            }
        }

        throw new InvalidOperationException("the listener reported no address");
    }

    public static IPEndPoint EndPoint(IPAddress address, int port) => new(address, port);
}
