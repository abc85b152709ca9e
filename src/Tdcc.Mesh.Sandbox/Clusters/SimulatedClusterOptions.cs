namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>How one simulated cluster is set up.</summary>
public sealed record SimulatedClusterOptions
{
    public required string Name { get; init; }

    public ClusterRole Role { get; init; } = ClusterRole.Member;

    public required AddressPlan Addresses { get; init; }

    /// <summary>The API server's port on 127.0.0.1; 0 lets the system pick a free one.</summary>
    public int ApiServerPort { get; init; }

    /// <summary>Where the API server persists its objects; null keeps them in memory.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Nodes of a member (the hub has none).</summary>
    public int Nodes { get; init; } = 3;

    /// <summary>The network the cluster's pods, ClusterIPs and DNS server live in.</summary>
    public Networking.IClusterNetwork Network { get; init; } = Networking.HostNetwork.Instance;

    /// <summary>The clock of the API server and the controllers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
