using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class SchedulerReconcilerTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ReconcileAsync_PodLargerThanAnyNode_StaysPendingUnschedulable()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "too-big");

        await client.Resource<Pod>().CreateAsync(new Pod { Metadata = new ObjectMeta { Name = "huge", Namespace = "too-big" }, Spec = TestWorkloads.EchoSpec(cpu: "64") });
        var pod = await Eventually.ValueAsync(
            async () => await client.Resource<Pod>().GetAsync("too-big", "huge") is { } p && p.Status?.Conditions?.Any(c => c.Type == "PodScheduled") == true ? p : null,
            "PodScheduled condition");

        pod.Spec!.NodeName.Should().BeNull();
        pod.Status!.Phase.Should().Be("Pending");
        var scheduled = pod.Status.Conditions!.Value.Single(c => c.Type == "PodScheduled");
        scheduled.Status.Should().Be("False");
        scheduled.Reason.Should().Be("Unschedulable");
        scheduled.Message.Should().Contain("Insufficient cpu");
    }

    [Fact]
    public async Task ReconcileAsync_PodThatFits_BoundToANode()
    {
        var client = sandbox.West.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "fits");

        await client.Resource<Pod>().CreateAsync(new Pod { Metadata = new ObjectMeta { Name = "small", Namespace = "fits", Labels = TestWorkloads.Labels("small") }, Spec = TestWorkloads.EchoSpec(cpu: "500m") });
        var pods = await TestWorkloads.RunningPodsAsync(client, "fits", "small", 1);

        pods[0].Spec!.NodeName.Should().StartWith("west-node-");
        pods[0].Status!.HostIP.Should().StartWith($"127.{sandbox.West.Addresses.SecondOctet}.0.");
    }
}
