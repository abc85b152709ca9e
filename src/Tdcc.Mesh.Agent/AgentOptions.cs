using System.Collections.Immutable;

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

    /// <summary>How often the agent renews its heartbeat Lease and reports status.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the agent looks at its registration request while it waits for approval.</summary>
    public TimeSpan JoinPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The cluster id; null: an existing <c>cluster.clusterset.k8s.io</c> property, else the kube-system namespace's uid.</summary>
    public string? ClusterId { get; init; }
}
