using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// What a node is, read from <c>node.metadata.TDCC_ROLE</c>, and the snapshot group a role and a cluster share. A node
/// without the field (or with an empty or non-string value) is a proxyless gRPC client; its group is its cluster.
/// </summary>
public static class NodeRoles
{
    /// <summary>The <c>node.metadata</c> field that names the role.</summary>
    public const string MetadataKey = "TDCC_ROLE";

    /// <summary>An Envoy east-west gateway: mTLS in from other members, out to its own cluster's endpoints.</summary>
    public const string EastWestGateway = "east-west-gateway";

    /// <summary>An Envoy ingress gateway: plaintext HTTP in, out to every clusterset service.</summary>
    public const string IngressGateway = "ingress-gateway";

    /// <summary>The gateway roles the control plane publishes snapshots for.</summary>
    public static IReadOnlyList<string> Gateways { get; } = [EastWestGateway, IngressGateway];

    /// <summary>The node's role, or null for a proxyless gRPC client.</summary>
    public static string? Of(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Metadata?.Fields.TryGetValue(MetadataKey, out var value) == true
            && value.KindCase == Value.KindOneofCase.StringValue
            && value.StringValue.Length > 0
                ? value.StringValue
                : null;
    }

    /// <summary>
    /// The snapshot group of a role in a cluster: the cluster name for proxyless nodes (null role), <c>&lt;role&gt;/&lt;cluster&gt;</c>
    /// otherwise. Cluster names are DNS labels, so the two forms never collide. A role the control plane does not know
    /// gets a group no snapshot is published for: such a node waits instead of receiving another role's view.
    /// </summary>
    public static string Group(string cluster, string? role)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return string.IsNullOrEmpty(role) ? cluster : role + "/" + cluster;
    }
}
