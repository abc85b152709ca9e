using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Hosting.Processes;

/// <summary>
/// The live things a process's host is given, kept apart from its options (plain data): the client of the cluster it
/// runs in, and, when it runs embedded (the sandbox runs many hosts in one process), the owner's logger factory and clock.
/// </summary>
public sealed record ProcessEnvironment
{
    /// <summary>The cluster the process runs in (the hub for <c>tdcc hub</c>, the member for <c>tdcc agent</c>).</summary>
    public required IKubeClient Cluster { get; init; }

    /// <summary>The URL <see cref="Cluster"/> talks to.</summary>
    public required Uri ClusterServer { get; init; }

    /// <summary>The namespace the process runs in (its Lease and its Secrets live there).</summary>
    public required string OwnNamespace { get; init; }

    /// <summary>Where logs go; null: standard output, formatted as the options say.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
