using Envoy.Config.Core.V3;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Groups nodes by <c>node.cluster</c>.</summary>
internal sealed class NodeClusterHash : INodeHash
{
    public string GetGroup(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Cluster;
    }
}
