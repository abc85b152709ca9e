using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>Runs the real helm (3.17, from <c>make deps</c>) on the repository's chart.</summary>
internal static class Helm
{
    public const string Peer = "helm";

    /// <summary>charts/tdcc-mesh.</summary>
    public static string ChartPath { get; } = Path.Combine(PeerTools.RepoRoot, "charts", "tdcc-mesh");

    /// <summary>Runs helm with <paramref name="arguments"/> (and <paramref name="environment"/>, e.g. KUBECONFIG and HOME).</summary>
    public static Task<PeerResult> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        RequirePeer.Present(Peer);
        var helm = PeerTools.FindExecutable(Peer)!;
        return PeerTools.RunAsync(helm, arguments, environment: environment ?? Isolated, timeout: TimeSpan.FromSeconds(90));
    }

    /// <summary><c>helm template</c> of the chart as release <paramref name="release"/> in tdcc-system, expected to succeed.</summary>
    public static async Task<RenderedChart> TemplateAsync(string release, IEnumerable<string> values, bool includeCrds = false)
    {
        string[] arguments = ["template", release, ChartPath, "--namespace", ChartValues.Namespace, .. includeCrds ? ["--include-crds"] : Array.Empty<string>(), .. values];
        var result = await RunAsync(null, arguments);
        result.ExitCode.Should().Be(0, "helm {0} should succeed\n{1}", string.Join(' ', arguments), result);
        return RenderedChart.Parse(result.StandardOutput);
    }

    /// <summary><c>helm template</c> expected to fail; returns what helm printed on standard error.</summary>
    public static async Task<string> TemplateFailsAsync(IEnumerable<string> values)
    {
        string[] arguments = ["template", "bad", ChartPath, "--namespace", ChartValues.Namespace, .. values];
        var result = await RunAsync(null, arguments);
        result.ExitCode.Should().NotBe(0, "helm {0} should fail\n{1}", string.Join(' ', arguments), result);
        return result.StandardError;
    }

    /// <summary>helm's own directories (cache, config, data) kept out of the user's home for commands without a cluster.</summary>
    private static Dictionary<string, string> Isolated { get; } = new()
    {
        ["HELM_CACHE_HOME"] = Path.Combine(Path.GetTempPath(), "tdcc-charts-tests-helm", "cache"),
        ["HELM_CONFIG_HOME"] = Path.Combine(Path.GetTempPath(), "tdcc-charts-tests-helm", "config"),
        ["HELM_DATA_HOME"] = Path.Combine(Path.GetTempPath(), "tdcc-charts-tests-helm", "data"),
        ["KUBECONFIG"] = Path.Combine(Path.GetTempPath(), "tdcc-charts-tests-helm", "no-kubeconfig"),
    };
}
