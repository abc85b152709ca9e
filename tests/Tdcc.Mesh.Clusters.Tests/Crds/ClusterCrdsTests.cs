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
    public void Load_EmbeddedCrds_ParseWithTypedScalars()
    {
        var crd = ClusterCrds.Load("managedclusters.clusters.tdcc.io");
        crd["spec"]!["versions"]![0]!["served"]!.GetValue<bool>().Should().BeTrue();
        crd["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("ClusterID", "Mode", "Ready", "KubeVersion", "Age");
        ClusterCrds.Load("clusterproperties.about.k8s.io")["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["value"]!["minLength"]!.GetValue<long>().Should().Be(1);
    }

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

    [Theory]
    [InlineData("managedclusters.clusters.tdcc.io", "clusters.tdcc.io", "ManagedCluster")]
    [InlineData("clusterregistrationrequests.clusters.tdcc.io", "clusters.tdcc.io", "ClusterRegistrationRequest")]
    [InlineData("clusterproperties.about.k8s.io", "about.k8s.io", "ClusterProperty")]
    public void Load_EmbeddedCrd_ConvertsWithItsTopLevelFields(string name, string group, string kind)
    {
        var crd = ClusterCrds.Load(name);

        crd.Select(p => p.Key).Should().Equal("apiVersion", "kind", "metadata", "spec");
        ((string?)crd["apiVersion"]).Should().Be("apiextensions.k8s.io/v1");
        ((string?)crd["kind"]).Should().Be("CustomResourceDefinition");
        ((string?)crd["metadata"]!["name"]).Should().Be(name);
        ((string?)crd["spec"]!["group"]).Should().Be(group);
        ((string?)crd["spec"]!["scope"]).Should().Be("Cluster");
        ((string?)crd["spec"]!["names"]!["kind"]).Should().Be(kind);
        var versions = crd["spec"]!["versions"]!.AsArray();
        versions.Should().NotBeEmpty();
        versions.Should().AllSatisfy(v => v!["schema"]!["openAPIV3Schema"]!["type"]!.GetValue<string>().Should().Be("object"));
        versions.Count(v => v!["storage"]!.GetValue<bool>()).Should().Be(1);
    }

    [Fact]
    public void Load_EveryChartCrd_IsEmbedded()
    {
        var charts = Directory.GetFiles(Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds"), "*.yaml")
            .Select(f => Path.GetFileNameWithoutExtension(f)!);

        charts.Should().AllSatisfy(name => ((string?)ClusterCrds.Load(name)["metadata"]!["name"]).Should().Be(name));
    }
}
