namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Everything needed to start one container as a process: the command line, environment, probes and where it runs.</summary>
/// <param name="Name">The container's name.</param>
/// <param name="Argv">The command line (entrypoint, then the expanded args).</param>
/// <param name="Environment">The container's environment (the process gets only these, plus PATH and the .NET host's variables).</param>
/// <param name="WorkingDirectory">Where it starts.</param>
/// <param name="NetworkNamespace">The member's network namespace (<c>ip netns exec</c>); null for the host's network.</param>
/// <param name="Readiness">The readiness probe, if any.</param>
/// <param name="Liveness">The liveness probe, if any.</param>
/// <param name="TerminationGrace">How long SIGTERM is given before SIGKILL (the pod's terminationGracePeriodSeconds, capped).</param>
internal sealed record ContainerLaunch(
    string Name,
    IReadOnlyList<string> Argv,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    string? NetworkNamespace,
    ContainerProbe? Readiness,
    ContainerProbe? Liveness,
    TimeSpan TerminationGrace);
