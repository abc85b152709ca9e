using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Distribution.Crds;

namespace Tdcc.Mesh.Distribution.Tests.Crds;

public sealed class DistributionCrdsTests
{
    [Theory]
    [InlineData(DistributionCrds.Subscriptions, "subscriptions.apps.tdcc.io", "Subscription", "Namespaced", new[] { "sub", "subs" })]
    [InlineData(DistributionCrds.Localizations, "localizations.apps.tdcc.io", "Localization", "Namespaced", new[] { "loc" })]
    [InlineData(DistributionCrds.Globalizations, "globalizations.apps.tdcc.io", "Globalization", "Cluster", new[] { "glob" })]
    [InlineData(DistributionCrds.Deliveries, "deliveries.apps.tdcc.io", "Delivery", "Namespaced", new[] { "dlv" })]
    public void Read_EmbeddedManifest_IsACrdOfTheGroupWithShortNamesAndColumns(string manifest, string name, string kind, string scope, string[] shortNames)
    {
        var crd = YamlToJson.ConvertObject(DistributionCrds.Read(manifest));

        ((string?)crd["metadata"]!["name"]).Should().Be(name);
        var spec = crd["spec"]!.AsObject();
        ((string?)spec["group"]).Should().Be("apps.tdcc.io");
        ((string?)spec["scope"]).Should().Be(scope);
        ((string?)spec["names"]!["kind"]).Should().Be(kind);
        spec["names"]!["shortNames"]!.AsArray().Select(n => (string?)n).Should().Equal(shortNames);
        var version = spec["versions"]!.AsArray().Single()!;
        ((string?)version["name"]).Should().Be("v1alpha1");
        version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]).Should().Contain("Age");
    }

    [Fact]
    public void Read_Subscriptions_HasStatusSubresourceAndSchedulingColumns()
    {
        var version = YamlToJson.ConvertObject(DistributionCrds.Read(DistributionCrds.Subscriptions))["spec"]!["versions"]![0]!;

        version["subresources"]!["status"].Should().BeOfType<JsonObject>();
        version["additionalPrinterColumns"]!.AsArray().Select(c => (string?)c!["name"]).Should().Equal(
            "Strategy", "Division", "Clusters", "Replicas", "Scheduled", "Reason", "Age");
        var spec = version["schema"]!["openAPIV3Schema"]!["properties"]!["spec"]!["properties"]!;
        spec["schedulingStrategy"]!["enum"]!.AsArray().Select(v => (string?)v).Should().Equal("Replicate", "Divide");
        spec["divisionType"]!["enum"]!.AsArray().Select(v => (string?)v).Should().Equal("Static", "Dynamic");
    }

    [Fact]
    public void Hub_ListsEveryEmbeddedManifest()
    {
        var embedded = typeof(DistributionCrds).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Tdcc.Mesh.Distribution.Crds.", StringComparison.Ordinal))
            .Select(n => n["Tdcc.Mesh.Distribution.Crds.".Length..]);

        DistributionCrds.Hub.Should().BeEquivalentTo(embedded);
    }

    [Theory]
    [InlineData(DistributionCrds.Subscriptions)]
    [InlineData(DistributionCrds.Localizations)]
    [InlineData(DistributionCrds.Globalizations)]
    [InlineData(DistributionCrds.Deliveries)]
    public void Read_Manifest_MatchesTheChartCopy(string manifest)
    {
        var chart = Path.Combine(Tdcc.Mesh.Testing.PeerTools.RepoRoot, "charts", "tdcc-mesh", "crds", manifest);
        DistributionCrds.Read(manifest).Should().Be(File.ReadAllText(chart));
    }
}
