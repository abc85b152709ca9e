using System.Text.Json;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Dashboards;

/// <summary>
/// The chart's Grafana dashboards against a real Prometheus scraping a running sandbox with traffic flowing
/// (<see cref="DashboardSandboxFixture"/>): every panel's PromQL evaluates and returns data (rare-event counters exist
/// at 0 from the start; the traffic includes requests that fail), every metric a dashboard names is one our components
/// emit, and
/// <c>promtool check metrics</c> accepts every component's <c>/metrics</c>.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
[Trait("Peer", "prometheus")]
public sealed class DashboardPrometheusTests(DashboardSandboxFixture fixture) : IClassFixture<DashboardSandboxFixture>
{
    /// <summary>The traffic dashboard: every one of its panels must return data while traffic flows.</summary>
    private const string TrafficDashboard = "tdcc-mesh-traffic";

    [NamespacesFact]
    public async Task EveryPanelQuery_OnARealPrometheusWithTraffic_ParsesAndReturnsData()
    {
        await fixture.StartAsync();
        var queries = DashboardPanels.Queries();
        queries.Should().HaveCountGreaterThan(40);
        fixture.Traffic.Http.Should().BeGreaterThan(100, "HTTP requests flowed from west to east");
        fixture.Traffic.Tcp.Should().BeGreaterThan(10, "TCP exchanges flowed from west to east");

        var failures = new List<string>();
        var empty = new List<PanelQuery>();
        foreach (var query in queries)
        {
            var answer = await fixture.Prometheus.QueryAsync(query.Expression);
            if (answer.GetProperty("status").GetString() != "success")
            {
                failures.Add($"{query}\n  -> {answer}");
                continue;
            }

            if (answer.GetProperty("data").GetProperty("result").GetArrayLength() == 0)
            {
                empty.Add(query);
            }
        }

        failures.Should().BeEmpty("every panel's PromQL evaluates on Prometheus");
        empty.Where(q => q.Dashboard == TrafficDashboard).Should().BeEmpty("every traffic panel returns data while traffic flows");
        empty.Should().BeEmpty(
            "every query returns data: rare-event counters exist at 0 from the start, and the traffic includes failing requests (a service nobody serves)");
    }

    [NamespacesFact]
    public async Task TrafficPanels_BySourceAndDestination_ShowWestToEastForBothServices()
    {
        await fixture.StartAsync();

        var rates = await fixture.Prometheus.ResultAsync(
            $"sum by (source_cluster, destination_cluster, destination_service) (rate(istio_requests_total{{reporter=\"source\"}}[{DashboardPanels.RateInterval}]))");
        rates.Select(r => Labels(r, "source_cluster", "destination_cluster", "destination_service"))
            .Should().Contain("west east echo.demo.svc.clusterset.local");
        var tcp = await fixture.Prometheus.ResultAsync(
            $"sum by (source_cluster, destination_cluster, destination_service) (rate(istio_tcp_received_bytes_total{{reporter=\"source\"}}[{DashboardPanels.RateInterval}]))");
        tcp.Select(r => Labels(r, "source_cluster", "destination_cluster", "destination_service"))
            .Should().Contain($"west east {MeshTraffic.TcpService}.demo.svc.clusterset.local");
        var success = await fixture.Prometheus.ResultAsync(
            $"sum by (destination_service) (rate(istio_requests_total{{reporter=\"source\", response_code!~\"5..\"}}[{DashboardPanels.RateInterval}])) / sum by (destination_service) (rate(istio_requests_total{{reporter=\"source\"}}[{DashboardPanels.RateInterval}]))");
        var byService = success.ToDictionary(r => Labels(r, "destination_service"), r => double.Parse(r.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        byService.Should().Contain("echo.demo.svc.clusterset.local", 1.0, "every request to echo succeeds (echo-closed-port's fail by design)");
        var clusters = await fixture.Prometheus.ResultAsync("max by (member_cluster, state) (tdcc_clusterset_clusters) == 1");
        clusters.Select(r => Labels(r, "member_cluster", "state")).Should().BeEquivalentTo("east ready", "west ready");
    }

    [NamespacesFact]
    public async Task EveryDashboardMetric_IsEmittedByAComponent()
    {
        await fixture.StartAsync();
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var target in fixture.Targets)
        {
            var body = await http.GetStringAsync(new Uri($"http://{target.Address}/metrics"));
            emitted.UnionWith(body.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => l[..l.IndexOfAny([' ', '{'])]));
        }

        var named = DashboardPanels.Queries().SelectMany(q => DashboardPanels.MetricNames(q.Expression))
            .Concat(DashboardPanels.LabelValuesVariables().Select(v => v.Metric))
            .ToHashSet(StringComparer.Ordinal);
        named.Should().NotBeEmpty();
        named.Where(name => !emitted.Contains(name)).Should().BeEmpty("dashboards name only metrics our components emit");
    }

    [NamespacesFact]
    public async Task TemplateVariables_LabelValues_ListClustersServicesAndControllers()
    {
        await fixture.StartAsync();

        foreach (var variable in DashboardPanels.LabelValuesVariables())
        {
            (await fixture.Prometheus.LabelValuesAsync(variable.Label, variable.Metric)).Should().NotBeEmpty($"{variable.Dashboard}'s ${variable.Name} lists {variable.Label} of {variable.Metric}");
        }

        (await fixture.Prometheus.LabelValuesAsync("source_cluster", "istio_requests_total")).Should().Contain("west");
        (await fixture.Prometheus.LabelValuesAsync("destination_service", "istio_requests_total")).Should().Contain("echo.demo.svc.clusterset.local");
    }

    [NamespacesFact]
    public async Task Promtool_EveryComponentsMetrics_Passes()
    {
        await fixture.StartAsync();
        RequirePeer.Present("promtool");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        fixture.Targets.Select(t => t.Job).Distinct().Should().BeEquivalentTo("tdcc-hub", "tdcc-gateway");

        foreach (var target in fixture.Targets)
        {
            var body = await http.GetStringAsync(new Uri($"http://{target.Address}/metrics"));
            body.Should().NotBeNullOrWhiteSpace();
            var result = await PeerTools.RunAsync(PeerTools.FindExecutable("promtool")!, ["check", "metrics"], standardInput: body);

            // promtool's lint wants seconds as the base unit; Istio's dashboards need Istio's name, so that one finding stays.
            var findings = (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Where(line => line != "istio_request_duration_milliseconds use base unit \"seconds\" instead of \"milliseconds\"").ToList();
            findings.Should().BeEmpty($"promtool accepts {target.Job} at {target.Address}");
            result.ExitCode.Should().BeOneOf([0, 3], $"promtool check metrics of {target.Job}: {result}");
        }
    }

    private static string Labels(JsonElement series, params string[] names) =>
        string.Join(' ', names.Select(n => series.GetProperty("metric").TryGetProperty(n, out var v) ? v.GetString() : "-"));
}
