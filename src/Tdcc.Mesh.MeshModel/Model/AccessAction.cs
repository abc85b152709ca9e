namespace Tdcc.Mesh.MeshModel;

/// <summary>What a MultiClusterNetworkPolicy rule (or a policy's default) does with the requests it matches.</summary>
public enum AccessAction
{
    /// <summary>The request reaches the service.</summary>
    Allow,

    /// <summary>The request is refused by the destination cluster's gateway (HTTP 403, gRPC PERMISSION_DENIED, TCP refused).</summary>
    Deny,
}
