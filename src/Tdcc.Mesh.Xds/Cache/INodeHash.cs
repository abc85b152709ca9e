using Envoy.Config.Core.V3;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>Maps a node to the group whose snapshot it is served (one snapshot per group).</summary>
public interface INodeHash
{
    /// <summary>The group key of the node.</summary>
    string GetGroup(Node node);
}
