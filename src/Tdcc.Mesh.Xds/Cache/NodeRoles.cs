using Envoy.Config.Core.V3;
using Google.Protobuf.WellKnownTypes;

namespace Tdcc.Mesh.Xds.Cache;

/// <summary>
/// What a node is, read from <c>node.metadata.TDCC_ROLE</c>, and the snapshot group a role and a cluster share. A node
/// without the field (or with an empty or non-string value) is a proxyless gRPC client; its group is its cluster.
/// istiod's config-source client sets no TDCC_ROLE but Istio's <c>ISTIO_VERSION</c>: it is <see cref="Istiod"/>, and its
/// cluster is <c>node.cluster</c> or, when empty, Istio's <c>CLUSTER_ID</c> metadata (docs/istio.md).
/// </summary>
public static class NodeRoles
{
    /// <summary>The <c>node.metadata</c> field that names the role.</summary>
    public const string MetadataKey = "TDCC_ROLE";

    /// <summary>An Envoy east-west gateway: mTLS in from other members, out to its own cluster's endpoints.</summary>
    public const string EastWestGateway = "east-west-gateway";

    /// <summary>An Envoy ingress gateway: plaintext HTTP in, out to every clusterset service.</summary>
    public const string IngressGateway = "ingress-gateway";

    /// <summary>istiod reading Istio config over MCP-over-xDS (<c>meshConfig.configSources</c> with an <c>xds://</c> address).</summary>
    public const string Istiod = "istiod";

    /// <summary>The metadata field every Istio xDS client sets (istiod's config-source client included).</summary>
    public const string IstioVersionKey = "ISTIO_VERSION";

    /// <summary>Istio's metadata field naming the client's cluster.</summary>
    public const string IstioClusterKey = "CLUSTER_ID";

    /// <summary>The gateway roles the control plane publishes snapshots for.</summary>
    public static IReadOnlyList<string> Gateways { get; } = [EastWestGateway, IngressGateway];

    /// <summary>The node's role (TDCC_ROLE; <see cref="Istiod"/> for an Istio client without it), or null for a proxyless gRPC client.</summary>
    public static string? Of(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return StringField(node, MetadataKey) ?? (StringField(node, IstioVersionKey) is not null ? Istiod : null);
    }

    /// <summary>The node's cluster: <c>node.cluster</c>, or for an Istio client with an empty one its CLUSTER_ID metadata.</summary>
    public static string ClusterOf(Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Cluster.Length > 0)
        {
            return node.Cluster;
        }

        return Of(node) == Istiod ? StringField(node, IstioClusterKey) ?? string.Empty : string.Empty;
    }

    private static string? StringField(Node node, string key) =>
        node.Metadata?.Fields.TryGetValue(key, out var value) == true
            && value.KindCase == Value.KindOneofCase.StringValue
            && value.StringValue.Length > 0
                ? value.StringValue
                : null;

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
