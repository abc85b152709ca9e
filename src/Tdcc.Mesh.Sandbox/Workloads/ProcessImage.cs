namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// An image the sandbox's kubelet runs as a local process: containers whose image repository is
/// <see cref="Repository"/> (any tag or digest) run <see cref="Entrypoint"/> followed by their <c>args</c>.
/// A container <c>command</c> replaces the entrypoint only when its first word names <see cref="EntrypointName"/>
/// (<c>tdcc</c>, <c>/usr/local/bin/tdcc</c>); any other command cannot run and the container waits with reason
/// <c>CreateContainerError</c>.
/// </summary>
/// <param name="Repository">The image repository, without tag or digest (<c>ghcr.io/tdcc-mesh/tdcc</c>).</param>
/// <param name="Entrypoint">The local command line of the image's entrypoint (<c>["dotnet", "/path/tdcc.dll"]</c>).</param>
/// <param name="EntrypointName">The file name a container's command must name to replace the entrypoint.</param>
public sealed record ProcessImage(string Repository, IReadOnlyList<string> Entrypoint, string EntrypointName)
{
    /// <summary>Our own image, the chart's default.</summary>
    public const string TdccRepository = "ghcr.io/tdcc-mesh/tdcc";

    /// <summary>
    /// Our image running the local <c>tdcc</c> (<see cref="TdccCommand.Find"/>); when none is found, <c>tdcc</c> from
    /// PATH, so a machine without it shows containers that cannot start (<c>StartError</c>, then CrashLoopBackOff).
    /// </summary>
    public static ProcessImage Tdcc() => new(TdccRepository, TdccCommand.Find() ?? ["tdcc"], "tdcc");
}
