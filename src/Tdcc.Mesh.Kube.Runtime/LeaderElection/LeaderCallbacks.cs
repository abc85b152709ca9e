namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>
/// What a subscriber wants to hear from a <see cref="ILeaderElector"/>. Callbacks run on the elector's loop:
/// keep them short and start longer work on its own task. Exceptions are logged and ignored.
/// </summary>
public sealed class LeaderCallbacks
{
    /// <summary>This candidate became leader; the token is cancelled when leadership ends (lost, or stopped).</summary>
    public Action<CancellationToken>? OnStartedLeading { get; init; }

    /// <summary>This candidate stopped leading (after the leading token was cancelled).</summary>
    public Action? OnStoppedLeading { get; init; }

    /// <summary>The lease holder changed to the given identity (which may be this candidate).</summary>
    public Action<string>? OnNewLeader { get; init; }
}
