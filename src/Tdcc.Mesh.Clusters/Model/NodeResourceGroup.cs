using System.Collections.Immutable;

namespace Tdcc.Mesh.Clusters.Model;

/// <summary>
/// Member nodes with equal allocatable and requested resources, as an agent reports them on its ManagedCluster
/// (<c>status.nodeGroups</c>): grouping keeps the status small for fleets of identical idle nodes.
/// </summary>
public sealed record NodeResourceGroup
{
    /// <summary>How many nodes have these resources.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Each node's allocatable resources (cpu, memory, pods).</summary>
    public ImmutableDictionary<string, string>? Allocatable { get; init; }

    /// <summary>Each node's summed requests of its non-terminated pods, with <c>pods</c> the pod count.</summary>
    public ImmutableDictionary<string, string>? Requested { get; init; }
}
