namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>How the sandbox lays out the members' networks (docs/sandbox.md "Networks").</summary>
public enum NetworkMode
{
    /// <summary>
    /// When the process may create network namespaces (root): <see cref="Isolated"/> with the mesh (its gateways connect
    /// the members), <see cref="Routed"/> without it; else <see cref="Loopback"/>.
    /// </summary>
    Auto,

    /// <summary>Every member on the host's loopback network (127.0.0.0/8): any pod reaches any other cluster's pods.</summary>
    Loopback,

    /// <summary>A network namespace per member; the members' pod and service ranges are routed to each other across the underlay.</summary>
    Routed,

    /// <summary>A network namespace per member; no route between members' pod and service ranges (only what the mesh provides connects them).</summary>
    Isolated,
}
