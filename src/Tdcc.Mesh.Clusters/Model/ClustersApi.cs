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

    /// <summary>The service-account token Secret holding the agent's hub credential.</summary>
    public const string AgentTokenSecret = "tdcc-agent-token";

    /// <summary>The ClusterRole (and binding) that lets bootstrap tokens file registration requests.</summary>
    public const string BootstrapRole = "tdcc:cluster-bootstrap";

    /// <summary>The hub namespace of a cluster: <c>tdcc-cluster-&lt;name&gt;</c>.</summary>
    public static string ClusterNamespace(string clusterName) => "tdcc-cluster-" + clusterName;

    /// <summary>The per-cluster ClusterRole and ClusterRoleBinding that grant an agent its cluster-wide access.</summary>
    public static string ClusterRoleName(string clusterName) => "tdcc:cluster:" + clusterName;
}
