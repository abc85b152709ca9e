using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>What the tests of members going away look at: the demo's pods, a member's readiness on the hub, and the endpoints imported from it.</summary>
internal static class MeshProbes
{
    public static async Task<IReadOnlyList<string>> ReadyPodIpsAsync(IKubeClient member) =>
        await Eventually.ValueAsync<IReadOnlyList<string>>(async () =>
        {
            var pods = await member.Resource<Pod>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = "app=echo" });
            var ips = pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(p => p.Status!.PodIP!).ToList();
            return ips.Count > 0 ? ips : null;
        }, "ready echo pods");

    /// <summary>Whether <paramref name="cluster"/>'s ManagedCluster on the hub is Ready; null when it does not exist.</summary>
    public static async Task<bool?> ReadyAsync(IKubeClient hub, string cluster) =>
        await hub.Resource<ManagedCluster>().GetAsync(null, cluster) is { } c ? ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) : null;

    /// <summary>The ready addresses in <paramref name="member"/>'s imported demo slices that come from <paramref name="sourceCluster"/>.</summary>
    public static async Task<IReadOnlyList<string>> ImportedFromAsync(IKubeClient member, string sourceCluster)
    {
        var slices = await member.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = $"{McsLabels.SourceCluster}={sourceCluster}" });
        return [.. slices.Items.SelectMany(s => s.Endpoints).Where(e => e.Conditions?.Ready != false).SelectMany(e => e.Addresses)];
    }
}
