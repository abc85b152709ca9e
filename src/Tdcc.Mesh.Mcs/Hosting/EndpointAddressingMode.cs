namespace Tdcc.Mesh.Mcs.Hosting;

/// <summary>How a member addresses the endpoints it imports from other clusters (a clusterset setting).</summary>
public enum EndpointAddressingMode
{
    /// <summary>Remote pod IPs, as exported: needs a flat pod network across clusters.</summary>
    Flat,

    /// <summary>Each remote cluster's endpoints become the local east-west gateway's address and port.</summary>
    Gateway,
}
