namespace Tdcc.Mesh.Hub;

/// <summary>Which nodes of the hub's xDS server must prove who they are (<see cref="HubOptions.XdsAuthentication"/>).</summary>
public enum XdsAuthenticationMode
{
    /// <summary>Nodes with a gateway role present their cluster's hub token; other nodes are served without.</summary>
    Gateways,

    /// <summary>Every node is served without a credential.</summary>
    None,
}
