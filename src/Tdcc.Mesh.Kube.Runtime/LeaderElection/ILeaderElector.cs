namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>
/// Lease-based leader election (coordination.k8s.io/v1), as client-go's <c>leaderelection</c> package: at most
/// one candidate leads at a time, provided clocks agree to well within the lease's margins.
/// </summary>
public interface ILeaderElector
{
    /// <summary>This candidate's identity.</summary>
    string Identity { get; }

    /// <summary>Whether this candidate leads now.</summary>
    bool IsLeader { get; }

    /// <summary>The holder last seen on the lease, or null when none was seen.</summary>
    string? LeaderIdentity { get; }

    /// <summary>Subscribes callbacks; a subscriber that arrives while leading hears <c>OnStartedLeading</c> at once. Dispose to unsubscribe.</summary>
    IDisposable Subscribe(LeaderCallbacks callbacks);

    /// <summary>
    /// Campaigns until cancelled: acquires the lease, renews it while leading, steps down when renewal fails past
    /// the deadline, and campaigns again. On cancellation while leading it steps down and releases the lease.
    /// </summary>
    Task RunAsync(CancellationToken cancellationToken);
}
