using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Scheduling.Model;

/// <summary>What the scheduler knows about one member cluster (from its ManagedCluster and heartbeats); plain data, no I/O.</summary>
public sealed record ClusterFacts
{
    /// <summary>The ManagedCluster name.</summary>
    public required string Name { get; init; }

    /// <summary>The ManagedCluster's labels.</summary>
    public ImmutableDictionary<string, string> Labels { get; init; } = ImmutableDictionary<string, string>.Empty;

    /// <summary>The cluster's taints (ManagedCluster <c>spec.taints</c>).</summary>
    public ImmutableArray<Taint> Taints { get; init; } = [];

    /// <summary>Whether the cluster is Ready (heartbeats arriving).</summary>
    public bool Ready { get; init; } = true;

    /// <summary>When the cluster stopped being Ready (for the failover grace period); unset when unknown or Ready.</summary>
    public DateTimeOffset? NotReadySince { get; init; }

    /// <summary>The region (by default the <see cref="TopologyKeys.RegionLabel"/> label).</summary>
    public string? Region { get; init; }

    /// <summary>The zone (by default the <see cref="TopologyKeys.ZoneLabel"/> label).</summary>
    public string? Zone { get; init; }

    /// <summary>The group/versions the member serves (<c>v1</c>, <c>apps/v1</c>, ...); null when not reported (then no API is filtered).</summary>
    public ImmutableHashSet<string>? ApiVersions { get; init; }

    /// <summary>Per-node resources; when empty, <see cref="Aggregate"/> stands for the whole cluster (one big node).</summary>
    public ImmutableArray<NodeResources> Nodes { get; init; } = [];

    /// <summary>The cluster's summed allocatable and requested resources, used when <see cref="Nodes"/> is empty.</summary>
    public NodeResources? Aggregate { get; init; }

    /// <summary>The cluster's value for <paramref name="topologyKey"/> (<see cref="TopologyKeys.Region"/> or <see cref="TopologyKeys.Zone"/>).</summary>
    public string? Topology(string topologyKey) => topologyKey switch
    {
        TopologyKeys.Region => Region ?? Labels.GetValueOrDefault(TopologyKeys.RegionLabel),
        TopologyKeys.Zone => Zone ?? Labels.GetValueOrDefault(TopologyKeys.ZoneLabel),
        _ => Labels.GetValueOrDefault(topologyKey),
    };

    /// <summary>The summed resources of the nodes, or <see cref="Aggregate"/>.</summary>
    public NodeResources Total()
    {
        if (Nodes.IsDefaultOrEmpty)
        {
            return Aggregate ?? default;
        }

        ResourceAmount allocatable = default, requested = default;
        foreach (var node in Nodes)
        {
            allocatable += node.Allocatable;
            requested += node.Requested;
        }

        return new NodeResources(allocatable, requested);
    }
}
