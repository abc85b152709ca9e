using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>The demo's echo pods of a member.</summary>
internal static class MeshPods
{
    public static async Task<IReadOnlyList<string>> ReadyPodIpsAsync(IKubeClient member) =>
        await Eventually.ValueAsync<IReadOnlyList<string>>(async () =>
        {
            var pods = await member.Resource<Pod>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = "app=echo" });
            var ips = pods.Items.Where(p => p.Metadata.DeletionTimestamp is null && p.Status?.PodIP is not null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true).Select(p => p.Status!.PodIP!).ToList();
            return ips.Count > 0 ? ips : null;
        }, "ready echo pods");
}
