namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>One of a container status's <c>state</c> or <c>lastState</c>: waiting, running or terminated, with kube's fields.</summary>
internal sealed record ContainerState(
    ContainerStateKind Kind,
    string? Reason = null,
    string? Message = null,
    int? ExitCode = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? ContainerId = null)
{
    public static ContainerState Creating { get; } = new(ContainerStateKind.Waiting, "ContainerCreating");
}

/// <summary>Which of kube's container states.</summary>
internal enum ContainerStateKind
{
    Waiting = 0,
    Running = 1,
    Terminated = 2,
}

/// <summary>What a container status reports.</summary>
internal sealed record ContainerSnapshot(string Name, ContainerState State, ContainerState? LastTerminated, int RestartCount, bool Ready, bool Started);
