using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Clusters.Crds;
using Tdcc.Mesh.Clusters.Hosting;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Hosting;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>Entry point of the hub side: installs the CRDs and the bootstrap RBAC, then runs the hub controllers.</summary>
public static class ClusterHub
{
    /// <summary>
    /// Installs what the hub needs and starts its controllers in a container of their own; returns once their caches
    /// have synced. <paramref name="hub"/> is the hub API server with administrator rights; push-mode agents dial the hub
    /// with clients from <paramref name="hubClientFactory"/> (null: a <c>KubeClient</c> for <see cref="ClusterHubOptions.HubServer"/>).
    /// </summary>
    public static async Task<IClusterHub> StartAsync(
        ClusterHubOptions options,
        IKubeClient hub,
        Func<string, IKubeClient>? hubClientFactory = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(hub);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory ?? NullLoggerFactory.Instance);
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(hub);
        services.AddClusterHubControllers(_ => options, hubClientFactory);
        var provider = services.BuildServiceProvider();
        var host = new EmbeddedControllerHost(provider, (_, ct) => PrepareAsync(hub, ct));
        var runtime = provider.GetRequiredService<ClusterHubRuntime>();
        runtime.OwnHost(host);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            return runtime;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What the hub's controllers need before they start: the registration CRDs and the bootstrap RBAC. Safe to run from several replicas at once.</summary>
    public static async Task PrepareAsync(IKubeClient hub, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        await ClusterCrds.EnsureAsync(hub, ClusterCrds.Hub, cancellationToken).ConfigureAwait(false);
        await ClusterHubRuntime.EnsureBootstrapRbacAsync(hub, cancellationToken).ConfigureAwait(false);
    }
}
