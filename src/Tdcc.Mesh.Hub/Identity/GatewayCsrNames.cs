using Tdcc.Mesh.Clusters.Model;

namespace Tdcc.Mesh.Hub.Identity;

/// <summary>The names the gateway certificate signing flow shares between the hub and the gateways.</summary>
public static class GatewayCsrNames
{
    /// <summary>The <c>spec.signerName</c> of a gateway certificate request.</summary>
    public const string SignerName = "tdcc.io/gateway";

    /// <summary>The hub ConfigMap with the mesh CA certificates (key <see cref="TrustBundleKey"/>), in the CA Secret's namespace.</summary>
    public const string TrustBundleConfigMap = ClustersApi.TrustBundleConfigMap;

    /// <summary>The key of the PEM CA certificates in <see cref="TrustBundleConfigMap"/>.</summary>
    public const string TrustBundleKey = "ca.crt";

    /// <summary>
    /// The hub user a member cluster's agent (and the gateway, which runs with the agent's hub credentials) is:
    /// <c>system:serviceaccount:tdcc-cluster-&lt;c&gt;:tdcc-agent</c>.
    /// </summary>
    public static string AgentUser(string cluster) =>
        "system:serviceaccount:" + ClustersApi.ClusterNamespace(cluster) + ":" + ClustersApi.AgentServiceAccount;
}
