using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Hosting.Configuration;

/// <summary>
/// What every TDCC Mesh process takes (docs/operator.md, "Flags common to both processes"): where its cluster is, where
/// it serves probes and metrics, how it logs, and its leader election. Plain data, bound from flags and environment.
/// </summary>
public sealed record ProcessOptions
{
    /// <summary>The kubeconfig file; null: <c>$KUBECONFIG</c>, else in-cluster config when running in a pod.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>The kubeconfig context; null: the current one.</summary>
    public string? Context { get; init; }

    /// <summary>Where <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c> are served (<c>host:port</c>; port 0 picks one; empty: nowhere, for hosts embedded by the hundred in the sandbox).</summary>
    public string HttpAddress { get; init; } = "0.0.0.0:8080";

    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Run controllers that write only while this replica holds the Lease.</summary>
    public bool LeaderElect { get; init; } = true;

    /// <summary>The Lease's namespace; null: the pod's namespace, else <see cref="DefaultNamespace"/>.</summary>
    public string? LeaderElectionNamespace { get; init; }

    /// <summary>The Lease's name; null: the process's default (<c>tdcc-hub</c>, <c>tdcc-agent</c>).</summary>
    public string? LeaderElectionId { get; init; }

    /// <summary>This replica's identity in the election; null: the pod's name (<c>POD_NAME</c>) or the host name, with a random suffix.</summary>
    public string? LeaderElectionIdentity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a stop may take before the process exits anyway.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The Lease election these options ask for: Lease <see cref="LeaderElectionId"/> (else <paramref name="component"/>)
    /// in <see cref="LeaderElectionNamespace"/> (else <paramref name="ownNamespace"/>), identity
    /// <see cref="LeaderElectionIdentity"/> (else the pod's name or host name with a random suffix).
    /// </summary>
    public Kube.Runtime.LeaderElection.LeaderElectionOptions ToLeaderElection(string component, string ownNamespace) => new()
    {
        LeaseName = LeaderElectionId ?? component,
        LeaseNamespace = LeaderElectionNamespace ?? ownNamespace,
        Identity = LeaderElectionIdentity ?? $"{Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName}_{System.Security.Cryptography.RandomNumberGenerator.GetHexString(8, lowercase: true)}",
        LeaseDuration = LeaseDuration,
        RenewDeadline = RenewDeadline,
        RetryPeriod = RetryPeriod,
    };

    /// <summary>The namespace TDCC Mesh runs in when nothing says otherwise.</summary>
    public const string DefaultNamespace = "tdcc-system";
}
