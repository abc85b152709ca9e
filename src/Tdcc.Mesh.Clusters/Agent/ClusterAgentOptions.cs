using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>
/// How a <see cref="ClusterAgent"/> joins the hub and keeps its cluster there. Plain data: the member client, the hub
/// client factory and the clock are given to <see cref="ClusterAgent.Start"/> beside these options.
/// </summary>
public sealed record ClusterAgentOptions
{
    /// <summary>The cluster's name on the hub (a DNS label): the ManagedCluster and ClusterRegistrationRequest name.</summary>
    public required string ClusterName { get; init; }

    /// <summary>The hub API server's address.</summary>
    public required Uri HubServer { get; init; }

    /// <summary>The bootstrap token (<c>&lt;id&gt;.&lt;secret&gt;</c>) used to file the registration request; not needed once credentials are stored.</summary>
    public string? BootstrapToken { get; init; }

    /// <summary>The cluster id; null uses an existing <c>cluster.clusterset.k8s.io</c> property, else the kube-system namespace's uid.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Labels for the ManagedCluster (scheduling).</summary>
    public ImmutableDictionary<string, string> ClusterLabels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Where the other members' gateways dial this cluster's east-west gateway (IP address or DNS name), reported as the
    /// ManagedCluster's <c>status.gateway</c>; null or empty: no one can (behind NAT).
    /// </summary>
    public string? GatewayAddress { get; init; }

    /// <summary>The gateway's tunnel port, reported beside <see cref="GatewayAddress"/>.</summary>
    public int GatewayPort { get; init; } = 15443;

    /// <summary>How often the agent renews its Lease and reports status.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the agent looks at its registration request while waiting for approval.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Where in the member the hub credentials are stored (Secret <see cref="CredentialsSecretName"/>).</summary>
    public string CredentialsNamespace { get; init; } = "tdcc-system";

    public string CredentialsSecretName { get; init; } = "tdcc-hub-credentials";

    /// <summary>
    /// With several replicas of an agent: the Lease in the member that elects the one replica that heartbeats (renews
    /// the cluster's hub Lease and reports status) and files the registration request on a first install; the others
    /// join from the stored credentials and stand by. Null: no election, this agent always heartbeats.
    /// </summary>
    public LeaderElectionOptions? LeaderElection { get; init; }
}
