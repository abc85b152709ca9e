using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>The <c>tdcc.io/echo</c> image: pods running it answer HTTP, gRPC and TCP with who they are.</summary>
public static class EchoImage
{
    /// <summary>The image name pods refer to.</summary>
    public const string Name = "tdcc.io/echo";

    /// <summary>A stopped workload for one pod; call <see cref="IWorkload.StartAsync"/> to listen.</summary>
    /// <param name="identity">The pod it runs as.</param>
    /// <param name="ports">The container ports it serves.</param>
    /// <param name="loggerFactory">Where its logs go.</param>
    /// <param name="network">The network its listeners are created in (the member's namespace); the host's when null.</param>
    public static IWorkload CreateWorkload(PodIdentity identity, IReadOnlyList<ContainerPort> ports, ILoggerFactory? loggerFactory = null, IClusterNetwork? network = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(ports);
        return new EchoWorkload(identity, ports, loggerFactory, network ?? HostNetwork.Instance);
    }

    /// <summary>As above, writing one access-log line per HTTP request into <paramref name="accessLog"/> (what <c>kubectl logs</c> shows).</summary>
    internal static IWorkload CreateWorkload(PodIdentity identity, IReadOnlyList<ContainerPort> ports, ILoggerFactory? loggerFactory, IClusterNetwork? network, ContainerLog accessLog) =>
        new EchoWorkload(identity, ports, loggerFactory, network ?? HostNetwork.Instance, accessLog);
}
