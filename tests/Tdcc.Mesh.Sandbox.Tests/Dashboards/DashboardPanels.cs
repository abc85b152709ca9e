using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Dashboards;

/// <summary>One query of one panel of one of the chart's dashboards, with Grafana's variables substituted.</summary>
internal sealed record PanelQuery(string Dashboard, string Panel, string RefId, string Expression)
{
    public override string ToString() => $"{Dashboard} / {Panel} [{RefId}]: {Expression}";
}

/// <summary>A <c>label_values(metric, label)</c> template variable of a dashboard.</summary>
internal sealed record LabelValuesVariable(string Dashboard, string Name, string Metric, string Label);

/// <summary>
/// Reads <c>charts/tdcc-mesh/dashboards/*.json</c> and turns every panel target into the PromQL Grafana would send:
/// the range-vector intervals as Grafana computes them for a 1 s scrape interval, custom variables at their current
/// value and multi-value query variables at their "All" value.
/// </summary>
internal static partial class DashboardPanels
{
    /// <summary>Grafana's <c>$__rate_interval</c> for a 1 s scrape: max(interval + scrape, 4 × scrape), rounded up.</summary>
    public const string RateInterval = "10s";

    public static string Directory { get; } = Path.Combine(PeerTools.RepoRoot, "charts", "tdcc-mesh", "dashboards");

    public static IReadOnlyList<JsonNode> Dashboards() =>
        [.. System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal).Select(f => JsonNode.Parse(File.ReadAllText(f))!)];

    public static IReadOnlyList<PanelQuery> Queries() =>
        [.. Dashboards().SelectMany(dashboard =>
        {
            var uid = dashboard["uid"]!.GetValue<string>();
            var values = VariableValues(dashboard);
            return dashboard["panels"]!.AsArray()
                .Where(p => (string?)p!["type"] != "row")
                .SelectMany(panel => panel!["targets"]!.AsArray().Select(target => new PanelQuery(
                    uid,
                    panel["title"]!.GetValue<string>(),
                    target!["refId"]!.GetValue<string>(),
                    Substitute(target["expr"]!.GetValue<string>(), values))));
        })];

    public static IReadOnlyList<LabelValuesVariable> LabelValuesVariables() =>
        [.. Dashboards().SelectMany(dashboard => dashboard["templating"]!["list"]!.AsArray()
            .Where(v => (string?)v!["type"] == "query")
            .Select(v =>
            {
                var match = LabelValues().Match(v!["definition"]!.GetValue<string>());
                match.Success.Should().BeTrue($"variable {v["name"]} of {dashboard["uid"]} is a label_values(metric, label) query");
                return new LabelValuesVariable(dashboard["uid"]!.GetValue<string>(), v["name"]!.GetValue<string>(), match.Groups[1].Value, match.Groups[2].Value);
            }))];

    /// <summary>The metric names a PromQL expression reads (ours all start with <c>tdcc_</c> or <c>istio_</c>).</summary>
    public static IEnumerable<string> MetricNames(string expression) => MetricName().Matches(expression).Select(m => m.Groups[1].Value);

    private static Dictionary<string, string> VariableValues(JsonNode dashboard)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["__rate_interval"] = RateInterval,
            ["__interval"] = "2s",
            ["__range"] = "5m",
        };
        foreach (var variable in dashboard["templating"]!["list"]!.AsArray())
        {
            var name = variable!["name"]!.GetValue<string>();
            switch ((string?)variable["type"])
            {
                case "custom":
                    values[name] = variable["current"]!["value"]!.GetValue<string>();
                    break;
                case "query":
                    values[name] = variable["allValue"]!.GetValue<string>();
                    break;
            }
        }

        return values;
    }

    private static string Substitute(string expression, Dictionary<string, string> values) =>
        Variable().Replace(expression, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    [GeneratedRegex(@"\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\b((?:tdcc|istio)_[a-zA-Z0-9_]+)\b")]
    private static partial Regex MetricName();
}
