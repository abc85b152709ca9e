using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Api;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>One scheduling decision's input besides the clusters: the subscription's rules, the feed's needs, the previous placement, the time.</summary>
public sealed record SchedulingRequest
{
    /// <summary>The subscription's key (<c>namespace/name</c>); also seeds the deterministic tie-break.</summary>
    public required string Key { get; init; }

    public PlacementStrategy Strategy { get; init; } = PlacementStrategy.Replicate;

    /// <summary>The feed's desired replicas (Divide); with Replicate, the count each cluster gets.</summary>
    public int Replicas { get; init; } = 1;

    /// <summary>What one pod of the feed's template requests (Dynamic division and the capacity score).</summary>
    public ResourceAmount PodRequest { get; init; } = new(0, 0, 1);

    /// <summary>The subscribers; a cluster matching any of them is a candidate.</summary>
    public ImmutableArray<SubscriberRule> Subscribers { get; init; } = [];

    /// <summary>The subscription's tolerations of cluster taints.</summary>
    public ImmutableArray<ClusterToleration> Tolerations { get; init; } = [];

    /// <summary>The group/versions the feeds need in the member (<c>apps/v1</c>, a CRD's version).</summary>
    public ImmutableArray<string> RequiredApiVersions { get; init; } = [];

    /// <summary>Fewer chosen clusters makes the decision unschedulable.</summary>
    public int MinClusters { get; init; }

    /// <summary>At most this many clusters.</summary>
    public int? MaxClusters { get; init; }

    public ImmutableArray<SpreadRule> Spread { get; init; } = [];

    /// <summary>How long a not-Ready cluster keeps its replicas.</summary>
    public TimeSpan FailoverGracePeriod { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long an evicted copy is kept at most when the moved replicas never report ready.</summary>
    public TimeSpan EvictionTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The previous decision (the subscription's status); <see cref="Placement.Empty"/> the first time.</summary>
    public Placement Previous { get; init; } = Placement.Empty;

    /// <summary>The time of the decision (the scheduler reads no clock).</summary>
    public DateTimeOffset Now { get; init; }
}
