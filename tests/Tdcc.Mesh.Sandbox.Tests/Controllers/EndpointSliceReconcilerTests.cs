using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

[Collection(SandboxGroup.Name)]
public sealed class EndpointSliceReconcilerTests(SandboxFixture sandbox)
{
    [Fact]
    public async Task ReconcileAsync_ServiceWithSelector_ClusterIpFromRangeAndReadyEndpointsWithResolvedPorts()
    {
        var client = sandbox.West.Client;
        await TestWorkloads.CreateNamespaceAsync(client, "slices");
        await client.Resource<Deployment>().CreateAsync(TestWorkloads.EchoDeployment("slices", "echo", 2));
        var service = await client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "echo", Namespace = "slices" },
            Spec = new ServiceSpec
            {
                Selector = TestWorkloads.Labels("echo"),
                Ports =
                [
                    new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http") },
                    new ServicePort { Name = "grpc", Port = 9090, TargetPort = IntOrString.FromInt(9090), AppProtocol = "grpc" },
                ],
            },
        });
        var pods = await TestWorkloads.RunningPodsAsync(client, "slices", "echo", 2);

        var ip = service.Spec!.ClusterIP!.Split('.').Select(int.Parse).ToArray();
        ip[0].Should().Be(127);
        ip[1].Should().Be(sandbox.West.Addresses.SecondOctet);
        ip[2].Should().BeGreaterThanOrEqualTo(128);
        var slice = await Eventually.ValueAsync(
            async () =>
            {
                var list = await client.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "slices", LabelSelector = "kubernetes.io/service-name=echo" });
                return list.Items is [var only] && only.Endpoints.Length == 2 && only.Endpoints.All(e => e.Conditions?.Ready == true) ? only : null;
            },
            "endpoint slice with two ready endpoints");

        slice.AddressType.Should().Be("IPv4");
        slice.Metadata.Labels!["endpointslice.kubernetes.io/managed-by"].Should().Be(EndpointSliceReconciler.ManagedBy);
        slice.Metadata.OwnerReferences!.Value.Should().ContainSingle(o => o.Kind == "Service" && o.Name == "echo" && o.Uid == service.Metadata.Uid);
        slice.Ports!.Value.Select(p => (p.Name, p.Port, p.Protocol)).Should().BeEquivalentTo([("http", (int?)8080, "TCP"), ("grpc", (int?)9090, "TCP")]);
        slice.Endpoints.SelectMany(e => e.Addresses).Should().BeEquivalentTo(pods.Select(p => p.Status!.PodIP));
        slice.Endpoints.Should().OnlyContain(e => e.TargetRef!.Kind == "Pod" && e.NodeName != null && e.Zone != null && e.Conditions!.Serving == true && e.Conditions.Terminating == false);
    }
}
