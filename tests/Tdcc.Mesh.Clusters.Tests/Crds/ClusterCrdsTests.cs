using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Clusters.Crds;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Tests.Crds;

public sealed class ClusterCrdsTests
{
    [Fact]
    public async Task EnsureAsync_MemberCrdsTwice_ServesClusterPropertyInBothVersions()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "crds" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));

        await ClusterCrds.EnsureAsync(client, ClusterCrds.Member, CancellationToken.None);
        await ClusterCrds.EnsureAsync(client, ClusterCrds.Member, CancellationToken.None);

        var crd = await client.Resource<CustomResourceDefinition>().GetAsync(null, "clusterproperties.about.k8s.io");
        crd!.Spec!.Versions.Select(v => (v.Name, v.Served, v.Storage)).Should().Equal(("v1alpha1", true, false), ("v1beta1", true, true));
        crd.Spec.Versions.Select(v => v.AdditionalPrinterColumns!.Value.Select(c => c.Name)).Should().AllSatisfy(c => c.Should().Equal("value", "age"));
        await client.Resource<ClusterProperty>().CreateAsync(new ClusterProperty
        {
            Metadata = new ObjectMeta { Name = ClusterProperty.ClusterIdName },
            Spec = new ClusterPropertySpec { Value = "east" },
        });
        (await client.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterIdName))!.Spec!.Value.Should().Be("east");
    }
}
