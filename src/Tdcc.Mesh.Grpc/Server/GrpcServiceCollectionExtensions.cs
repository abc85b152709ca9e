using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Tdcc.Mesh.Grpc.Server;

/// <summary>Registers the gRPC server settings.</summary>
public static class GrpcServiceCollectionExtensions
{
    /// <summary>Registers <see cref="GrpcServerOptions"/> and applies its HTTP/2 keepalive settings to Kestrel.</summary>
    public static IServiceCollection AddMeshGrpc(this IServiceCollection services, Action<GrpcServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<GrpcServerOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Transient<IConfigureOptions<KestrelServerOptions>, GrpcKestrelOptionsSetup>());
        return services;
    }
}
