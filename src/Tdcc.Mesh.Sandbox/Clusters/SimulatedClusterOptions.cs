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

    /// <summary>Images the kubelet runs as local processes (see <see cref="SandboxOptions.ProcessImages"/>).</summary>
    public IReadOnlyList<Workloads.ProcessImage> ProcessImages { get; init; } = [];

    /// <summary>The most processes the cluster's kubelet runs at once.</summary>
    public int MaxProcesses { get; init; } = SandboxOptions.DefaultMaxProcesses;

    /// <summary>Where the kubelet keeps each pod's directory (service account files, container logs); a temporary directory when null.</summary>
    public string? PodsDirectory { get; init; }

    /// <summary>
    /// The host's address on the sandbox underlay when the cluster has a network namespace of its own: the API server's
    /// secure port is relayed there so the cluster's pods reach it (<c>KUBERNETES_SERVICE_HOST</c>). Null: pods share the
    /// host's network and reach it on 127.0.0.1.
    /// </summary>
    public System.Net.IPAddress? HostUnderlayAddress { get; init; }

    /// <summary>
    /// The bearer token of the cluster's administrator (user <c>kubernetes-admin</c>, group <c>system:masters</c>). Set: the
    /// API server serves HTTPS only (HTTP/2 and HTTP/1.1) with authentication and RBAC on, as a real cluster's; null: plain
    /// HTTP without authentication (<c>--plain-http</c>), with the HTTPS listener beside it.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>The clock of the API server and the controllers.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
