namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>
/// One cluster's share: its replicas (Replicate: the full count), whether it is an old copy kept during a graceful
/// eviction, and the ready replicas the member reported (read to end an eviction).
/// </summary>
public sealed record ClusterAssignment(string Cluster, int Replicas)
{
    /// <summary>The cluster failed and its replicas were moved; this copy stays until the moved replicas are ready.</summary>
    public bool Evicting { get; init; }

    /// <summary>When the eviction started.</summary>
    public DateTimeOffset? EvictionStart { get; init; }

    /// <summary>Ready replicas reported by the member (unset: not known).</summary>
    public int? ReadyReplicas { get; init; }
}
