using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Tdcc.Mesh.Grpc.Server;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>Registers the xDS control plane.</summary>
public static class XdsServiceCollectionExtensions
{
    /// <summary>
    /// Adds the ADS server, the status view and an <see cref="ISnapshotCache"/> (unless one is registered), plus the
    /// gRPC server services (with <see cref="XdsServerOptions.Http2ConnectionWindowSize"/> as the HTTP/2 connection window
    /// unless the host sets one). A registered <see cref="INodeHash"/> or <see cref="TimeProvider"/> is used when present.
    /// </summary>
    public static IServiceCollection AddXds(this IServiceCollection services, Action<XdsServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<XdsServerOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMeshGrpc();
        services.AddOptions<GrpcServerOptions>().Configure<IOptions<XdsServerOptions>>((grpc, xds) =>
        {
            if (xds.Value.Http2ConnectionWindowSize > 0)
            {
                grpc.InitialConnectionWindowSize ??= xds.Value.Http2ConnectionWindowSize;
            }
        });
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(NodeHashes.ById);
        services.TryAddSingleton<ISnapshotCache>(provider =>
            new SnapshotCache(provider.GetRequiredService<INodeHash>(), provider.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<XdsStatusRegistry>();
        services.TryAddSingleton<IXdsStatus>(provider => provider.GetRequiredService<XdsStatusRegistry>());
        services.TryAddSingleton<XdsMetrics>();
        services.TryAddSingleton<IXdsStreamAuthenticator, AnyNodeAuthenticator>();
        services.TryAddSingleton<AdsServices>();
        return services;
    }
}
