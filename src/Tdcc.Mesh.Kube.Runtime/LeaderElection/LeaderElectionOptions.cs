using System.Security.Cryptography;

namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>
/// Options of a Lease-based leader election, with client-go's defaults. <see cref="RenewDeadline"/> must be
/// shorter than <see cref="LeaseDuration"/>: a leader that cannot renew steps down at
/// <c>renewTime + RenewDeadline</c>, before any other candidate may take the lease over at
/// <c>renewTime + LeaseDuration</c> (the difference is the margin for clock skew between candidates).
/// </summary>
public sealed class LeaderElectionOptions
{
    /// <summary>The Lease's name (required).</summary>
    public string LeaseName { get; set; } = string.Empty;

    /// <summary>The Lease's namespace (required).</summary>
    public string LeaseNamespace { get; set; } = string.Empty;

    /// <summary>This candidate's identity, unique among candidates; defaults to the host name and a random suffix.</summary>
    public string Identity { get; set; } = $"{Environment.MachineName}_{RandomNumberGenerator.GetHexString(8, lowercase: true)}";

    /// <summary>How long a holder's lease is valid after its last renewal; other candidates wait this long.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps retrying a failed renewal before it steps down.</summary>
    public TimeSpan RenewDeadline { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time between attempts to acquire or renew.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Up to this fraction of <see cref="RetryPeriod"/> is added at random to acquisition retries, so candidates spread out.</summary>
    public double RetryJitter { get; set; } = 0.2;

    /// <summary>On a graceful stop, give the lease up at once (client-go's <c>ReleaseOnCancel</c>) instead of letting it expire.</summary>
    public bool ReleaseOnCancel { get; set; } = true;

    /// <summary>Throws when the options cannot give a safe election.</summary>
    public void Validate()
    {
        if (string.IsNullOrEmpty(LeaseName) || string.IsNullOrEmpty(LeaseNamespace))
        {
            throw new InvalidOperationException("leader election needs LeaseName and LeaseNamespace");
        }

        if (string.IsNullOrEmpty(Identity))
        {
            throw new InvalidOperationException("leader election needs an Identity");
        }

        if (RetryPeriod <= TimeSpan.Zero || RenewDeadline <= RetryPeriod || LeaseDuration <= RenewDeadline)
        {
            throw new InvalidOperationException("leader election needs 0 < RetryPeriod < RenewDeadline < LeaseDuration");
        }

        if (LeaseDuration.TotalSeconds < 1 || LeaseDuration.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new InvalidOperationException("LeaseDuration is stored in whole seconds (leaseDurationSeconds)");
        }
    }
}
