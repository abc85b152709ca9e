using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Clusters.Crds;

namespace Tdcc.Mesh.Clusters.Hub;

/// <summary>Entry point of the hub side: installs the CRDs and the bootstrap RBAC, then runs the hub controllers.</summary>
public static class ClusterHub
{
    /// <summary>Installs what the hub needs and starts its loop.</summary>
    public static async Task<IClusterHub> StartAsync(ClusterHubOptions options, ILoggerFactory? loggerFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        await ClusterCrds.EnsureAsync(options.Hub, ClusterCrds.Hub, cancellationToken).ConfigureAwait(false);
        await HubRunner.EnsureBootstrapRbacAsync(options.Hub, cancellationToken).ConfigureAwait(false);
        var runner = new HubRunner(options, loggerFactory ?? NullLoggerFactory.Instance);
        runner.Start();
        return runner;
    }
}
