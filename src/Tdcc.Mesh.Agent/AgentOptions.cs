using System.Collections.Immutable;
using Tdcc.Mesh.Mcs.Hosting;

namespace Tdcc.Mesh.Agent;

/// <summary>What <c>tdcc agent</c> takes beyond the common process options (docs/operator.md). Plain data.</summary>
public sealed record AgentOptions
{
    /// <summary>The member's name on the hub (a DNS label).</summary>
    public required string ClusterName { get; init; }

    /// <summary>The hub API server's URL.</summary>
    public required string HubServer { get; init; }

    /// <summary>A PEM file with the CA of the hub API server (https); null: the system's roots.</summary>
    public string? HubCaFile { get; init; }

    /// <summary>The CA of the hub API server as PEM text (<c>--hub-ca</c>, <c>TDCC_HUB_CA</c>, e.g. from a ConfigMap key); wins over <see cref="HubCaFile"/>.</summary>
    public string? HubCa { get; init; }

    /// <summary><c>&lt;id&gt;.&lt;secret&gt;</c>; only needed until the credentials are stored in the member.</summary>
    public string? BootstrapToken { get; init; }

    /// <summary>Where the clusterset DNS server listens (UDP and TCP), <c>host:port</c>.</summary>
    public string DnsAddress { get; init; } = "0.0.0.0:5353";

    /// <summary>The member's region; null: the region most of its nodes name.</summary>
    public string? Region { get; init; }

    /// <summary>The member's zone; null: the first zone its nodes name.</summary>
    public string? Zone { get; init; }

    /// <summary>Labels of the member's ManagedCluster.</summary>
    public ImmutableDictionary<string, string> ClusterLabels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>
    /// Where the other members' gateways dial this member's east-west gateway (IP address or DNS name), reported on its
    /// ManagedCluster (<c>status.gateway</c>); null or empty: no one can dial it (behind NAT).
    /// </summary>
    public string? GatewayAddress { get; init; }

    /// <summary>The east-west gateway's tunnel port, reported beside <see cref="GatewayAddress"/>.</summary>
    public int GatewayPort { get; init; } = 15443;

    /// <summary>
    /// How this member's MCS agent addresses the endpoints it imports from other clusters: their pod IPs (Flat), or the
    /// local east-west gateway on each port's allocated listen port (Gateway, needs <see cref="GatewayLocalAddress"/>).
    /// </summary>
    public EndpointAddressingMode AddressingMode { get; init; } = EndpointAddressingMode.Flat;

    /// <summary>In Gateway addressing: the IP address this member's pods reach its east-west gateway at.</summary>
    public string? GatewayLocalAddress { get; init; }

    /// <summary>How often the agent renews its heartbeat Lease and reports status.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the agent looks at its registration request while it waits for approval.</summary>
    public TimeSpan JoinPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cluster id; null: an existing <c>cluster.clusterset.k8s.io</c> property, else the kube-system namespace's uid.</summary>
    public string? ClusterId { get; init; }
}
