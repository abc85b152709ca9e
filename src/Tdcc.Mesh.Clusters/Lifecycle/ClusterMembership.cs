using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Clusters.Lifecycle;

/// <summary>
/// What a member-side component (the MCS agent) needs once its cluster has joined: a hub client acting with the
/// cluster's own credentials, the cluster's identity and its hub namespace.
/// </summary>
/// <param name="ClusterName">The ManagedCluster name on the hub.</param>
/// <param name="ClusterId">The cluster id (the member's <c>cluster.clusterset.k8s.io</c> ClusterProperty).</param>
/// <param name="ClusterSetName">The clusterset (the member's <c>clusterset.k8s.io</c> ClusterProperty).</param>
/// <param name="HubNamespace">The cluster's namespace on the hub (<c>tdcc-cluster-&lt;name&gt;</c>), where it may write.</param>
/// <param name="Hub">The hub, as the cluster's agent ServiceAccount.</param>
/// <param name="Member">The member cluster.</param>
/// <param name="SyncMode"><c>Pull</c> or <c>Push</c>.</param>
public sealed record ClusterMembership(string ClusterName, string ClusterId, string ClusterSetName, string HubNamespace, IKubeClient Hub, IKubeClient Member, string SyncMode);
