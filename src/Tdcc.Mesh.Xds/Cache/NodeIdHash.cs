using Envoy.Config.Core.V3;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Groups nodes by <c>node.id</c>.</summary>
internal sealed class NodeIdHash : INodeHash
{
    public string GetGroup(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Id;
    }
}
