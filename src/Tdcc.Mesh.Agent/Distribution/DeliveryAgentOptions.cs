using Tdcc.Mesh.Kube.Runtime.LeaderElection;

namespace Tdcc.Mesh.Agent.Distribution;

/// <summary>Where the agent's Deliveries are and how it holds its election.</summary>
internal sealed record DeliveryAgentOptions
{
    /// <summary>The cluster's hub namespace (the only one its credentials reach).</summary>
    public required string HubNamespace { get; init; }

    /// <summary>How long after a failed apply the agent tries again (the Delivery's status says what failed meanwhile).</summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an object whose kind a CRD of the same Delivery just defined waits for the member to serve it.</summary>
    public TimeSpan CrdEstablishTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often every Delivery is checked again without a change, so hand-made changes of any delivered kind are put
    /// back (drift policy Correct) or reported (Report); changes of delivered Deployments, StatefulSets and DaemonSets are
    /// seen at once through their watches.
    /// </summary>
    public TimeSpan DriftCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>One replica applies (its Lease in the member); null: no election.</summary>
    public LeaderElectionOptions? LeaderElection { get; init; }
}
