namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>What one member agent needs to know about its cluster and the hub.</summary>
public sealed record McsAgentOptions
{
    /// <summary>This cluster's id (its <c>cluster.clusterset.k8s.io</c> ClusterProperty): an RFC 1123 label.</summary>
    public required string ClusterId { get; init; }

    /// <summary>This cluster's namespace on the hub (for example <c>tdcc-cluster-&lt;id&gt;</c>), where its exports are published.</summary>
    public required string HubNamespace { get; init; }

    /// <summary>The hub namespace holding the aggregated ServiceImports.</summary>
    public string ImportsNamespace { get; init; } = Api.McsNames.DefaultImportsNamespace;

    /// <summary>How imported endpoints are addressed.</summary>
    public EndpointAddressingMode AddressingMode { get; init; } = EndpointAddressingMode.Flat;

    /// <summary>
    /// In <see cref="EndpointAddressingMode.Gateway"/> mode: the local east-west gateway's IP address as this cluster's
    /// pods reach it. Each imported TCP port is reached there on the listen port the hub allocated to it
    /// (<see cref="Api.McsLabels.GatewayPortsAnnotation"/>).
    /// </summary>
    public string? GatewayAddress { get; init; }

    /// <summary>The local gateway's tunnel port (other clusters' gateways dial it); imported ports do not use it, they get their allocated listen ports.</summary>
    public int GatewayPort { get; init; } = 15443;

    /// <summary>Install the ServiceExport and ServiceImport CRDs into the member at start.</summary>
    public bool InstallCrds { get; init; } = true;

    /// <summary>Workers per controller (the export and import controllers; latency-bound, as the hub's aggregation).</summary>
    public int Workers { get; init; } = 8;

    /// <summary>
    /// With several replicas of an agent: the Lease in the member that elects the one whose export and import
    /// controllers run (null: no election, this agent always runs them). Every replica keeps its DNS zone current.
    /// </summary>
    public Kube.Runtime.LeaderElection.LeaderElectionOptions? LeaderElection { get; init; }

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> when they cannot work.</summary>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ClusterId);
        ArgumentException.ThrowIfNullOrEmpty(HubNamespace);
        ArgumentException.ThrowIfNullOrEmpty(ImportsNamespace);
        if (AddressingMode == EndpointAddressingMode.Gateway && !System.Net.IPAddress.TryParse(GatewayAddress, out _))
        {
            throw new ArgumentException("Gateway addressing needs GatewayAddress, an IP address", nameof(GatewayAddress));
        }
    }
}
