namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>What a filter's rejection does to replicas already on the cluster (it never gets new ones).</summary>
public enum RejectionEffect
{
    /// <summary>Existing replicas leave now and no old copy is kept (the subscription no longer selects the cluster, the API is missing).</summary>
    Evict,

    /// <summary>Existing replicas stay (a NoSchedule taint, as kube treats nodes).</summary>
    KeepExisting,

    /// <summary>Existing replicas move after the failover grace period, with graceful eviction (the cluster is not Ready).</summary>
    EvictAfterGracePeriod,

    /// <summary>Existing replicas move now, with graceful eviction (an untolerated NoExecute taint, or its toleration expired).</summary>
    EvictGracefully,
}
