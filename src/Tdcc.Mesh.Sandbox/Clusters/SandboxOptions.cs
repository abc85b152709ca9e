namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>What <see cref="SandboxHost.StartAsync"/> starts.</summary>
public sealed record SandboxOptions
{
    /// <summary>The member names used first; later members are <c>member-4</c>, <c>member-5</c>, ...</summary>
    public static IReadOnlyList<string> FirstMemberNames { get; } = ["east", "west", "edge"];

    /// <summary>Where state (per-cluster data directories), the kubeconfig and endpoints.json live.</summary>
    public string Directory { get; init; } = ".sandbox";

    /// <summary>How many member clusters besides the hub.</summary>
    public int Members { get; init; } = 3;

    /// <summary>Nodes per member.</summary>
    public int NodesPerMember { get; init; } = 3;

    /// <summary>
    /// Nodes of particular members by name (others get <see cref="NodesPerMember"/>): gives members different room, so
    /// dynamic division shows a member with fewer nodes getting fewer replicas.
    /// </summary>
    public IReadOnlyDictionary<string, int>? MemberNodes { get; init; }

    /// <summary>Deploy the demo (namespace <c>demo</c>, Deployment and Service <c>echo</c>) in every member.</summary>
    public bool Demo { get; init; }

    /// <summary>Run the mesh next to the clusters (registration, MCS, clusterset DNS, xDS); see <c>Mesh/ClusterSetMesh</c>.</summary>
    public bool Mesh { get; init; } = true;

    /// <summary>
    /// How the mesh runs: in process (the default here; fits hundreds of members), or installed with the real helm from
    /// <see cref="ChartDirectory"/> so its hub and agents run as pods, i.e. real processes (<c>tdcc sandbox up</c>'s default
    /// for small sandboxes).
    /// </summary>
    public global::Tdcc.Mesh.Sandbox.Mesh.MeshMode MeshMode { get; init; } = global::Tdcc.Mesh.Sandbox.Mesh.MeshMode.InProcess;

    /// <summary>The helm binary: installs the mesh with <see cref="global::Tdcc.Mesh.Sandbox.Mesh.MeshMode.Helm"/>, and the hub renders Helm chart feeds with it (either mode; null: <c>helm</c> on PATH).</summary>
    public string? HelmPath { get; init; }

    /// <summary>With <see cref="global::Tdcc.Mesh.Sandbox.Mesh.MeshMode.Helm"/>: the chart (<c>charts/tdcc-mesh</c>).</summary>
    public string? ChartDirectory { get; init; }

    /// <summary>Delete the previous state before starting.</summary>
    public bool Fresh { get; init; }

    /// <summary>How many clusters start at the same time.</summary>
    public int StartParallelism { get; init; } = 4;

    /// <summary>
    /// Shifts the members' address blocks: member i owns 127.(10+offset+i).0.0/16. Lets several sandboxes run side by
    /// side on one machine (tests); 0 gives the documented plan.
    /// </summary>
    public int AddressOffset { get; init; }

    /// <summary>
    /// How the members' networks are laid out: <see cref="Networking.NetworkMode.Loopback"/> (default here, and what a
    /// process without the privileges gets), or a network namespace per member, routed or isolated. <c>tdcc sandbox up</c>
    /// defaults to <see cref="Networking.NetworkMode.Auto"/>.
    /// </summary>
    public Networking.NetworkMode Network { get; init; } = Networking.NetworkMode.Loopback;

    /// <summary>Heartbeat and withdrawal timings of the mesh.</summary>
    public Mesh.MeshTimings MeshTimings { get; init; } = new();

    /// <summary>
    /// Members behind NAT (network-namespace layouts): no connection from outside reaches their network, their gateway
    /// reports no address and dials reverse tunnels to the others (docs/sandbox.md, docs/gateway.md "Reverse tunnels").
    /// </summary>
    public IReadOnlyList<string> BehindNat { get; init; } = [];

    /// <summary>
    /// Serve the API servers over plain HTTP without authentication (<c>--plain-http</c>). Off by default: every API server
    /// speaks HTTPS only, with a certificate from its cluster's CA, and authenticates and authorizes (RBAC) every request,
    /// as a real cluster; the kubeconfig carries the CAs and an admin token.
    /// </summary>
    public bool PlainHttp { get; init; }

    /// <summary>Keep the API servers' state in memory only (tests).</summary>
    public bool InMemory { get; init; }

    /// <summary>The default of <see cref="MaxProcesses"/>.</summary>
    public const int DefaultMaxProcesses = 64;

    /// <summary>
    /// Images the kubelets run as real local processes. Null (the default): our own image
    /// <c>ghcr.io/tdcc-mesh/tdcc</c> runs the local tdcc (<see cref="Workloads.TdccCommand.Find"/>). Tests may map other
    /// repositories to other commands (<c>/bin/sh</c>, <c>python3</c>).
    /// </summary>
    public IReadOnlyList<Workloads.ProcessImage>? ProcessImages { get; init; }

    /// <summary>
    /// Nodes of the hub (default 0: the hub runs no pods). With nodes the hub gets the same controllers and kubelet as a
    /// member, in the host's network, so charts installed there (the <c>tdcc hub</c> Deployment) run as processes.
    /// </summary>
    public int HubNodes { get; init; }

    /// <summary>The most processes one member's kubelet runs at once; more containers wait with reason <c>ProcessLimitReached</c>.</summary>
    public int MaxProcesses { get; init; } = DefaultMaxProcesses;

    /// <summary>The clock of every cluster.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The name of member <paramref name="index"/> (0-based).</summary>
    public static string MemberName(int index) =>
        index < FirstMemberNames.Count ? FirstMemberNames[index] : "member-" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
