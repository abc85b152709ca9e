using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Mcs.Crds;

namespace Tdcc.Mesh.Mcs.Tests.Crds;

public sealed class McsCrdsTests
{
    [Theory]
    [InlineData(McsCrds.ServiceExports, "serviceexports.multicluster.x-k8s.io", "multicluster.x-k8s.io", "ServiceExport")]
    [InlineData(McsCrds.ServiceImports, "serviceimports.multicluster.x-k8s.io", "multicluster.x-k8s.io", "ServiceImport")]
    [InlineData(McsCrds.ExportedServices, "exportedservices.tdcc.io", "tdcc.io", "ExportedService")]
    public void Read_EmbeddedManifest_ConvertsToACrdWithItsTopLevelFields(string manifest, string name, string group, string kind)
    {
        var crd = YamlToJson.ConvertObject(McsCrds.Read(manifest));

        crd.Select(p => p.Key).Should().Equal("apiVersion", "kind", "metadata", "spec");
        ((string?)crd["apiVersion"]).Should().Be("apiextensions.k8s.io/v1");
        ((string?)crd["kind"]).Should().Be("CustomResourceDefinition");
        ((string?)crd["metadata"]!["name"]).Should().Be(name);
        var spec = crd["spec"]!.AsObject();
        ((string?)spec["group"]).Should().Be(group);
        ((string?)spec["scope"]).Should().Be("Namespaced");
        ((string?)spec["names"]!["kind"]).Should().Be(kind);
        var versions = spec["versions"]!.AsArray();
        versions.Should().NotBeEmpty();
        versions.Should().AllSatisfy(v =>
        {
            v!["served"]!.GetValue<bool>().Should().BeTrue();
            v["schema"]!["openAPIV3Schema"].Should().BeOfType<JsonObject>();
        });
        versions.Count(v => v!["storage"]!.GetValue<bool>()).Should().Be(1);
    }
}
