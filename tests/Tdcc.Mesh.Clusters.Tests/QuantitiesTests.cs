using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Crds;

namespace Tdcc.Mesh.Clusters.Tests;

public sealed class QuantitiesTests
{
    [Fact]
    public void Sum_MixedUnits_CanonicalTotals()
    {
        var totals = Quantities.Sum(
        [
            new Dictionary<string, string> { ["cpu"] = "3500m", ["memory"] = "1Gi", ["pods"] = "110" },
            new Dictionary<string, string> { ["cpu"] = "2", ["memory"] = "512Mi", ["pods"] = "110", ["bogus"] = "x" },
            null,
        ]);

        totals.Should().Equal(new Dictionary<string, string> { ["cpu"] = "5500m", ["memory"] = "1536Mi", ["pods"] = "220" });
    }

    [Theory]
    [InlineData("1k", 1000)]
    [InlineData("2Ki", 2048)]
    [InlineData("250m", 0.25)]
    [InlineData("1.5", 1.5)]
    public void Parse_Suffixes_Values(string quantity, double expected) =>
        Quantities.Parse(quantity).Should().Be((decimal)expected);

    [Fact]
    public void Load_EmbeddedCrds_ParseWithTypedScalars()
    {
        var crd = ClusterCrds.Load("managedclusters.clusters.tdcc.io");
        crd["spec"]!["versions"]![0]!["served"]!.GetValue<bool>().Should().BeTrue();
        crd["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("ClusterID", "Mode", "Ready", "KubeVersion", "Age");
        ClusterCrds.Load("clusterproperties.about.k8s.io")["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!["value"]!["minLength"]!.GetValue<long>().Should().Be(1);
    }
}
