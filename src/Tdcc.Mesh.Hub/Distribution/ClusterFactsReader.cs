using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Resource;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Hub.Distribution;

/// <summary>
/// What the scheduler reads of a ManagedCluster: its labels (region and zone among them), taints, the Ready condition
/// (and since when it is not), and the allocatable CPU, memory and pods its agent reports as one aggregate (the agent
/// reports no per-node requests yet, so the free room is the allocatable room).
/// </summary>
internal static class ClusterFactsReader
{
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
            Aggregate = cluster.Status?.Allocatable is { } allocatable
                ? new NodeResources(
                    new ResourceAmount(Amount(allocatable, "cpu", milli: true), Amount(allocatable, "memory", milli: false), Amount(allocatable, "pods", milli: false)),
                    default)
                : null,
        };
    }

    private static long Amount(ImmutableDictionary<string, string> resources, string name, bool milli) =>
        resources.TryGetValue(name, out var text) && Quantity.TryParse(text, out var quantity)
            ? milli ? quantity.MilliValue() : quantity.Value()
            : 0;
}
