using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>One snapshot group: a member cluster and the role of its nodes (null: proxyless gRPC clients).</summary>
public sealed record NodeView(string Cluster, string? Role)
{
    /// <summary>The group the node hash puts these nodes in (<see cref="NodeRoles.Group"/>).</summary>
    public string Group => NodeRoles.Group(Cluster, Role);
}
