using Envoy.Config.Core.V3;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Groups nodes by <c>node.cluster</c> and their <see cref="NodeRoles"/> role.</summary>
internal sealed class NodeClusterRoleHash : INodeHash
{
    public string GetGroup(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return NodeRoles.Group(NodeRoles.ClusterOf(node), NodeRoles.Of(node));
    }
}
