using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Testing;
using static Tdcc.Mesh.Mcs.Tests.Hosting.ClusterSet;

namespace Tdcc.Mesh.Mcs.Tests.Hosting;

[Trait("Peer", "kubectl")]
[Trait("Category", "Slow")]
public sealed class KubectlViewTests
{
    [PeerFact("kubectl")]
    public async Task Kubectl_ImportsAndExports_ReadWell()
    {
        RequirePeer.Present("kubectl");
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync("demo");
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(ServiceOf("demo", "web"));
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf("demo", "web"));
        var west = set.Members["west"];
        var import = await Eventually.GetAsync(() => west.Client.Resource<ServiceImport>().GetAsync("demo", "web"), i => i.Spec?.Ips is { Length: > 0 }, "imported");

        using var kubectl = await KubectlSession.StartAsync(west.Server.BaseAddress, "west");
        async Task<string> Kubectl(params string[] args)
        {
            var result = await kubectl.RunAsync(null, args);
            result.ExitCode.Should().Be(0, result.ToString());
            return result.StandardOutput;
        }

        var table = await Kubectl("get", "svcim", "-n", "demo");
        table.Should().Contain("TYPE").And.Contain("IP").And.Contain("AGE").And.Contain("ClusterSetIP").And.Contain(import.Spec!.Ips!.Value[0]);
        (await Kubectl("get", "svcimport", "-n", "demo", "-o", "jsonpath={.items[0].status.clusters[0].cluster}")).Should().Be("east");
        (await Kubectl("explain", "serviceexport.spec")).Should().Contain("exportedLabels");
        (await Kubectl("explain", "serviceimport.spec")).Should().Contain("ClusterSetIP").And.Contain("ports");
        (await Kubectl("get", "serviceimports.v1alpha1.multicluster.x-k8s.io", "-n", "demo")).Should().Contain("web");
    }
}
