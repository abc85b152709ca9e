namespace Tdcc.Mesh.Clusters.Model;

/// <summary>Names shared by the hub and the agent: the API group, well-known labels, finalizers and objects.</summary>
public static class ClustersApi
{
    public const string Group = "clusters.tdcc.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>The finalizer on a ManagedCluster that makes the hub clean up the cluster's namespace and credentials.</summary>
    public const string CleanupFinalizer = "clusters.tdcc.io/cleanup";

    /// <summary>The label naming the cluster on objects the hub creates for it.</summary>
    public const string ClusterLabel = "clusters.tdcc.io/cluster";

    /// <summary>The ServiceAccount an agent acts as in its hub namespace.</summary>
    public const string AgentServiceAccount = "tdcc-agent";

    /// <summary>
    /// The hub ConfigMap with the mesh CA's certificates, which members' gateways read with their agent's credentials
    /// (published by the hub next to its CA Secret).
    /// </summary>
    public const string TrustBundleConfigMap = "tdcc-trust-bundle";

    /// <summary>The service-account token Secret holding the agent's hub credential.</summary>
    public const string AgentTokenSecret = "tdcc-agent-token";

    /// <summary>The ClusterRole (and binding) that lets bootstrap tokens file registration requests.</summary>
    public const string BootstrapRole = "tdcc:cluster-bootstrap";

    private const string ClusterNamespacePrefix = "tdcc-cluster-";
    private const int ClusterNamespacePrefixLength = 13;

    /// <summary>The hub namespace of a cluster: <c>tdcc-cluster-&lt;name&gt;</c>.</summary>
    public static string ClusterNamespace(string clusterName) => ClusterNamespacePrefix + clusterName;

    /// <summary>
    /// The cluster whose hub namespace <paramref name="namespace"/> is, or null for any other namespace. Only that
    /// cluster's agent may write there, so it names the writer more surely than any label the writer set.
    /// </summary>
    public static string? ClusterOfNamespace(string? @namespace) =>
        @namespace is { Length: > ClusterNamespacePrefixLength } ns && ns.StartsWith(ClusterNamespacePrefix, StringComparison.Ordinal) ? ns[ClusterNamespacePrefixLength..] : null;

    /// <summary>The per-cluster ClusterRole and ClusterRoleBinding that grant an agent its cluster-wide access.</summary>
    public static string ClusterRoleName(string clusterName) => "tdcc:cluster:" + clusterName;
}
