using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>A persisted sandbox with the mesh, stopped and started again in the same directory.</summary>
[Collection(SandboxGroup.Name)]
public sealed class MeshRestartTests
{
    [Fact]
    public async Task StartAsync_SameDirectoryAfterStop_ReusesCredentialsAndKeepsImports()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-mesh-restart-").FullName;
        var options = new SandboxOptions { Directory = directory, Members = 2, Demo = true, AddressOffset = 180 };
        try
        {
            string firstIp;
            await using (var first = await SandboxHost.StartAsync(options))
            {
                firstIp = (await first.Clusters[2].Client.Resource<ServiceImport>().GetAsync("demo", "echo"))!.Spec!.Ips!.Value.Single();
            }

            await using var second = await SandboxHost.StartAsync(options);
            var hub = second.Clusters[0].Client;
            (await hub.Resource<ManagedCluster>().ListAsync()).Items.Select(c => c.Metadata.Name).Should().BeEquivalentTo("east", "west");
            var tokens = await hub.Resource<Secret>().ListAsync(new ListOptions { Namespace = "kube-system" });
            tokens.Items.Where(s => s.Metadata.Name!.StartsWith("bootstrap-token-", StringComparison.Ordinal)).Should().ContainSingle("the restart reuses the stored credentials");
            (await hub.Resource<ClusterRegistrationRequest>().ListAsync()).Items.Should().HaveCount(2);

            var import = await second.Clusters[2].Client.Resource<ServiceImport>().GetAsync("demo", "echo");
            import!.Spec!.Ips!.Value.Single().Should().Be(firstIp);
            var eastIps = await MeshSandboxTests.ReadyPodIpsAsync(second.Clusters[1].Client);
            await Eventually.TrueAsync(
                async () => (await second.Clusters[2].Client.Resource<EndpointSlice>().ListAsync(new ListOptions { Namespace = "demo", LabelSelector = $"{McsLabels.SourceCluster}=east" }))
                    .Items.SelectMany(s => s.Endpoints).SelectMany(e => e.Addresses).Order(StringComparer.Ordinal).SequenceEqual(eastIps.Order(StringComparer.Ordinal)),
                "west's slices of east after the restart");
            (await second.Clusters[1].Client.Resource<ServiceExport>().ListAsync(new ListOptions { Namespace = "demo" })).Items.Should().ContainSingle();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
