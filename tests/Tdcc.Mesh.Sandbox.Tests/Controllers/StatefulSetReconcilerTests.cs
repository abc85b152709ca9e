using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class StatefulSetReconcilerTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ReconcileAsync_StatefulSetWithHeadlessService_OrdinalPodsWithHostnamesInSlice()
    {
        var client = sandbox.East.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "stateful");
        await client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "stateful" },
            Spec = new ServiceSpec { ClusterIP = "None", Selector = TestWorkloads.Labels("web"), Ports = [new ServicePort { Name = "http", Port = 8080 }] },
        });
        await client.Resource<StatefulSet>().CreateAsync(new StatefulSet
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "stateful" },
            Spec = new StatefulSetSpec
            {
                Replicas = 2,
                ServiceName = "web",
                Selector = new LabelSelector { MatchLabels = TestWorkloads.Labels("web") },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = TestWorkloads.Labels("web") }, Spec = TestWorkloads.EchoSpec() },
            },
        });

        var pods = await TestWorkloads.RunningPodsAsync(client, "stateful", "web", 2);
        var slice = await Eventually.ValueAsync(
            async () =>
            {
                var list = await client.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "stateful", LabelSelector = "kubernetes.io/service-name=web" });
                return list.Items is [var only] && only.Endpoints.Length == 2 && only.Endpoints.All(e => e.Conditions?.Ready == true) ? only : null;
            },
            "slice of the headless service");
        var sts = await Eventually.ValueAsync(
            async () => await client.Resource<StatefulSet>().GetAsync("stateful", "web") is { Status.ReadyReplicas: 2 } s ? s : null,
            "statefulset status");

        pods.Select(p => p.Metadata.Name).Should().BeEquivalentTo("web-0", "web-1");
        pods.Should().OnlyContain(p => p.Spec!.Hostname == p.Metadata.Name && p.Spec.Subdomain == "web");
        slice.Endpoints.Select(e => e.Hostname).Should().BeEquivalentTo("web-0", "web-1");
        sts.Status!.Replicas.Should().Be(2);
    }
}
