namespace Tdcc.Mesh.Xds.Cache;

/// <summary>The built-in node hashes.</summary>
public static class NodeHashes
{
    /// <summary>One group per node id (the default).</summary>
    public static INodeHash ById { get; } = new NodeIdHash();

    /// <summary>One group per <c>node.cluster</c>: every node of a cluster shares that cluster's per-node view.</summary>
    public static INodeHash ByCluster { get; } = new NodeClusterHash();

    /// <summary>
    /// One group per <c>node.cluster</c> and role (<c>node.metadata.TDCC_ROLE</c>): proxyless nodes share
    /// <c>node.cluster</c> as with <see cref="ByCluster"/>, gateways get <c>&lt;role&gt;/&lt;cluster&gt;</c>
    /// (<see cref="NodeRoles.Group"/>).
    /// </summary>
    public static INodeHash ByClusterAndRole { get; } = new NodeClusterRoleHash();
}
