using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class DaemonSetReconcilerTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ReconcileAsync_DaemonSet_OnePodRunningPerNode()
    {
        var client = sandbox.West.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "daemons");

        await client.Resource<DaemonSet>().CreateAsync(new DaemonSet
        {
            Metadata = new ObjectMeta { Name = "agent", Namespace = "daemons" },
            Spec = new DaemonSetSpec
            {
                Selector = new LabelSelector { MatchLabels = TestWorkloads.Labels("agent") },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = TestWorkloads.Labels("agent") }, Spec = TestWorkloads.EchoSpec() },
            },
        });
        var pods = await TestWorkloads.RunningPodsAsync(client, "daemons", "agent", 3);
        var daemonSet = await Eventually.ValueAsync(
            async () => await client.Resource<DaemonSet>().GetAsync("daemons", "agent") is { Status.NumberReady: 3 } d ? d : null,
            "daemon set status");

        pods.Select(p => p.Spec!.NodeName).Should().BeEquivalentTo("west-node-1", "west-node-2", "west-node-3");
        daemonSet.Status!.DesiredNumberScheduled.Should().Be(3);
    }
}
