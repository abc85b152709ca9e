using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>What every call handler shares, resolved once when a method is mapped.</summary>
internal sealed record GrpcServerServices(GrpcServerOptions Options, TimeProvider TimeProvider, ILogger Logger)
{
    public static GrpcServerServices From(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var options = services.GetService<IOptions<GrpcServerOptions>>()?.Value ?? new GrpcServerOptions();
        var timeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var loggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return new GrpcServerServices(options, timeProvider, loggerFactory.CreateLogger("Tdcc.Mesh.Grpc.Server"));
    }
}
