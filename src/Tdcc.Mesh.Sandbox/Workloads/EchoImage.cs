using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>The <c>tdcc.io/echo</c> image: pods running it answer HTTP, gRPC and TCP with who they are.</summary>
public static class EchoImage
{
    /// <summary>The image name pods refer to.</summary>
    public const string Name = "tdcc.io/echo";

    /// <summary>A stopped workload for one pod; call <see cref="IWorkload.StartAsync"/> to listen.</summary>
    public static IWorkload CreateWorkload(PodIdentity identity, IReadOnlyList<ContainerPort> ports, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(ports);
        return new EchoWorkload(identity, ports, loggerFactory);
    }
}
