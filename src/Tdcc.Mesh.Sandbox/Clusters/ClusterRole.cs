namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>What a cluster of the set is for.</summary>
public enum ClusterRole
{
    /// <summary>The hub: the clusterset's control plane; it has no nodes or pods.</summary>
    Hub,

    /// <summary>A member: nodes, a kubelet and the simulated workload controllers.</summary>
    Member,
}
