namespace Tdcc.Mesh.Clusters.Lifecycle;

/// <summary>One lifecycle transition of a member cluster.</summary>
/// <param name="Type">What happened.</param>
/// <param name="ClusterName">The ManagedCluster name.</param>
/// <param name="ClusterId">The cluster id (<c>cluster.clusterset.k8s.io</c>).</param>
/// <param name="HubNamespace">The cluster's hub namespace.</param>
/// <param name="At">When the hub observed it.</param>
public sealed record ClusterLifecycleEvent(ClusterLifecycleEventType Type, string ClusterName, string ClusterId, string HubNamespace, DateTimeOffset At);
