using System.Text.Json.Nodes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>The Grafana dashboards of <c>charts/tdcc-mesh/dashboards</c> as the chart renders them: one ConfigMap each, labelled for Grafana's sidecar.</summary>
[Trait("Peer", "helm")]
public sealed class ChartDashboardTests
{
    private static readonly string DashboardsPath = Path.Combine(Helm.ChartPath, "dashboards");

    [PeerFact(Helm.Peer)]
    public async Task Template_DashboardsEnabled_OneLabelledConfigMapPerDashboardHoldingItsJson()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", [.. ChartValues.Hub, "--set", "dashboards.enabled=true"]);

        var files = Directory.GetFiles(DashboardsPath, "*.json").Select(Path.GetFileName).ToList();
        files.Should().BeEquivalentTo("overview.json", "traffic.json", "gateways.json", "control-plane.json");
        var maps = rendered.OfKind("ConfigMap").ToList();
        maps.Should().HaveCount(files.Count);
        foreach (var map in maps)
        {
            var metadata = map["metadata"]!;
            metadata["namespace"]!.GetValue<string>().Should().Be(ChartValues.Namespace);
            metadata["labels"]!["grafana_dashboard"]!.GetValue<string>().Should().Be("1");
            metadata["labels"]!["app.kubernetes.io/part-of"]!.GetValue<string>().Should().Be("tdcc-mesh");
            var data = map["data"]!.AsObject();
            data.Should().ContainSingle();
            var (key, value) = data.Single();
            metadata["name"]!.GetValue<string>().Should().Be("tdcc-hub-dashboard-" + Path.GetFileNameWithoutExtension(key));
            var dashboard = JsonNode.Parse(value!.GetValue<string>())!;
            JsonNode.DeepEquals(dashboard, JsonNode.Parse(File.ReadAllText(Path.Combine(DashboardsPath, key)))).Should().BeTrue($"{key} is carried verbatim");
        }
    }

    [Fact]
    public void DashboardFiles_Schema_DatasourceVariableUniqueUidsAndPanelsWithQueries()
    {
        var uids = new HashSet<string>();
        foreach (var file in Directory.GetFiles(DashboardsPath, "*.json"))
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!;
            uids.Add(dashboard["uid"]!.GetValue<string>()).Should().BeTrue($"{file}'s uid is unique");
            dashboard["title"]!.GetValue<string>().Should().StartWith("TDCC Mesh / ");
            dashboard["schemaVersion"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(36);
            var variables = dashboard["templating"]!["list"]!.AsArray();
            variables.Should().Contain(v => (string?)v!["name"] == "datasource" && (string?)v["type"] == "datasource" && (string?)v["query"] == "prometheus");
            var panels = dashboard["panels"]!.AsArray().Where(p => (string?)p!["type"] != "row").ToList();
            panels.Should().NotBeEmpty();
            panels.Select(p => p!["id"]!.GetValue<int>()).Should().OnlyHaveUniqueItems();
            foreach (var panel in panels)
            {
                panel!["datasource"]!["uid"]!.GetValue<string>().Should().Be("${datasource}");
                var targets = panel["targets"]!.AsArray();
                targets.Should().NotBeEmpty($"panel '{panel["title"]}' of {file} has a query");
                targets.Should().AllSatisfy(t => t!["expr"]!.GetValue<string>().Should().NotBeNullOrWhiteSpace());
                targets.Should().AllSatisfy(t => t!["datasource"]!["uid"]!.GetValue<string>().Should().Be("${datasource}"));
            }
        }
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_DashboardsLabelNamespaceAndAnnotations_AsConfigured()
    {
        var rendered = await Helm.TemplateAsync("tdcc-agent", [
            .. ChartValues.Agent, "--set", "dashboards.enabled=true", "--set", "dashboards.label=team_dashboard",
            "--set-string", "dashboards.labelValue=mesh", "--set", "dashboards.namespace=monitoring", "--set-string", "dashboards.annotations.grafana_folder=TDCC Mesh"]);

        var maps = rendered.OfKind("ConfigMap").ToList();
        maps.Should().HaveCount(4).And.AllSatisfy(map =>
        {
            map["metadata"]!["namespace"]!.GetValue<string>().Should().Be("monitoring");
            map["metadata"]!["labels"]!["team_dashboard"]!.GetValue<string>().Should().Be("mesh");
            map["metadata"]!["labels"]!.AsObject().Should().NotContainKey("grafana_dashboard");
            map["metadata"]!["annotations"]!["grafana_folder"]!.GetValue<string>().Should().Be("TDCC Mesh");
        });
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_Default_NoDashboards()
    {
        var rendered = await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub);

        rendered.OfKind("ConfigMap").Should().BeEmpty();
    }

    [PeerFact(Helm.Peer)]
    public async Task Template_UnknownDashboardsKey_RejectedByTheSchema()
    {
        var error = await Helm.TemplateFailsAsync([.. ChartValues.Hub, "--set", "dashboards.folder=x"]);

        error.Should().Contain("values don't meet the specifications of the schema").And.Contain("folder");
    }
}
