using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Hosting.Processes;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Agent;

/// <summary>
/// What an agent is given beyond its options: the process environment, and, when it runs embedded (the sandbox runs an
/// agent per simulated member inside one process), how it dials the hub and where its DNS server's sockets live.
/// </summary>
public sealed record AgentEnvironment
{
    public required ProcessEnvironment Process { get; init; }

    /// <summary>Builds a hub client for a bearer token; null: a client for <see cref="AgentOptions.HubServer"/> (with <see cref="AgentOptions.HubCaFile"/>).</summary>
    public Func<string, IKubeClient>? HubClientFactory { get; init; }

    /// <summary>Starts the clusterset DNS server; null: on <see cref="AgentOptions.DnsAddress"/> in the process's own network.</summary>
    public Func<IClusterSetDnsServer>? DnsServerFactory { get; init; }
}
