using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Hub.Distribution;

/// <summary>
/// What the scheduler reads of a ManagedCluster: its labels (region and zone among them), taints, the Ready condition
/// (and since when it is not), the group/versions its agent reports served (<c>status.apiVersions</c>), and its
/// resources: per node from <c>status.nodeGroups</c> (allocatable and requested, each group expanded to its node
/// count), else one aggregate of <c>status.allocatable</c> minus <c>status.requested</c> (an agent past the group
/// limit, or an older agent without requests: then the free room is the allocatable room).
/// </summary>
internal static class ClusterFactsReader
{
    /// <summary>The most nodes expanded from the reported groups (the agent reports at most 100 groups; counts are bounded here too).</summary>
    private const int MaxNodes = 10_000;

    public static ClusterFacts Read(ManagedCluster cluster)
    {
        var ready = ConditionSet.Find(cluster.Status?.Conditions, ClusterConditions.Ready);
        var isReady = ready?.Status == ConditionSet.True;
        var labels = cluster.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty;
        return new ClusterFacts
        {
            Name = cluster.Metadata.Name ?? string.Empty,
            Labels = labels,
            Taints = cluster.Spec?.Taints ?? [],
            Ready = isReady,
            NotReadySince = isReady ? null : ready?.LastTransitionTime,
            Region = labels.GetValueOrDefault(TopologyKeys.RegionLabel),
            Zone = labels.GetValueOrDefault(TopologyKeys.ZoneLabel),
            ApiVersions = cluster.Status?.ApiVersions is { IsDefaultOrEmpty: false } versions ? versions.ToImmutableHashSet(StringComparer.Ordinal) : null,
            Nodes = Nodes(cluster.Status?.NodeGroups),
            Aggregate = cluster.Status?.Allocatable is { } allocatable
                ? new NodeResources(Amount(allocatable), cluster.Status.Requested is { } requested ? Amount(requested) : default)
                : null,
        };
    }

    private static ImmutableArray<NodeResources> Nodes(ImmutableArray<NodeResourceGroup>? groups)
    {
        if (groups is not { IsDefaultOrEmpty: false } list)
        {
            return [];
        }

        var nodes = ImmutableArray.CreateBuilder<NodeResources>();
        foreach (var group in list)
        {
            var node = new NodeResources(Amount(group.Allocatable), Amount(group.Requested));
            for (var i = 0; i < group.Count && nodes.Count < MaxNodes; i++)
            {
                nodes.Add(node);
            }
        }

        return nodes.ToImmutable();
    }

    private static ResourceAmount Amount(ImmutableDictionary<string, string>? resources) =>
        resources is null ? default : new(Amount(resources, "cpu", milli: true), Amount(resources, "memory", milli: false), Amount(resources, "pods", milli: false));

    private static long Amount(ImmutableDictionary<string, string> resources, string name, bool milli) =>
        resources.TryGetValue(name, out var text) && Quantity.TryParse(text, out var quantity)
            ? milli ? quantity.MilliValue() : quantity.Value()
            : 0;
}
