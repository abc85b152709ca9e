using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Metrics;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>The runtime's queue and reconcile instruments, exported by Tdcc.Mesh.Metrics after real reconciles.</summary>
[Collection(MetricsSuites.Name)]
public sealed class RuntimeMetricsTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    public async Task Scrape_AfterReconciles_ExportsQueueAndControllerMetrics()
    {
        var (text, controller) = await ScrapeAfterReconcilesAsync();

        foreach (var family in new[]
        {
            "# TYPE tdcc_workqueue_depth gauge",
            "# TYPE tdcc_workqueue_adds_total counter",
            "# TYPE tdcc_workqueue_retries_total counter",
            "# TYPE tdcc_workqueue_queue_duration_seconds histogram",
            "# TYPE tdcc_workqueue_work_duration_seconds histogram",
            "# TYPE tdcc_controller_reconcile_total counter",
            "# TYPE tdcc_controller_reconcile_errors_total counter",
            "# TYPE tdcc_controller_reconcile_duration_seconds histogram",
        })
        {
            text.Should().Contain(family);
        }

        var lines = text.Split('\n');
        lines.Should().Contain(line => line.StartsWith("tdcc_workqueue_adds_total{", StringComparison.Ordinal) && line.Contains($"name=\"{controller}\"", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("tdcc_controller_reconcile_total{", StringComparison.Ordinal)
            && line.Contains($"controller=\"{controller}\"", StringComparison.Ordinal) && line.Contains("result=\"error\"", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("tdcc_controller_reconcile_errors_total{", StringComparison.Ordinal)
            && line.Contains($"controller=\"{controller}\"", StringComparison.Ordinal) && !line.EndsWith(" 0", StringComparison.Ordinal));
        lines.Should().Contain(line => line.StartsWith("tdcc_controller_reconcile_duration_seconds_count{", StringComparison.Ordinal)
            && line.Contains($"controller=\"{controller}\"", StringComparison.Ordinal));
    }

    [PeerFact("promtool")]
    [Trait("Peer", "promtool")]
    public async Task Scrape_AfterReconciles_PromtoolAcceptsTheOutput()
    {
        RequirePeer.Present("promtool");
        var (text, _) = await ScrapeAfterReconcilesAsync();

        var result = await PeerTools.RunAsync("promtool", ["check", "metrics"], standardInput: text);

        result.ExitCode.Should().Be(0, "promtool should accept:\n{0}\n{1}", text, result);
        result.StandardError.Should().NotContain("problem", "promtool lints:\n{0}", result);
    }

    private async Task<(string Text, string Controller)> ScrapeAfterReconcilesAsync()
    {
        var ns = await live.CreateNamespaceAsync("metrics");
        var controller = "copy-" + ns;
        using var exporter = PrometheusExporter.Create();
        var probe = new ReconcileProbe();
        probe.FailNext(new ObjectKey(ns, "measured"), 1);
        await using var host = await ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<ConfigMap>(options => options.Namespace = ns);
            services.AddKubeController<CopyAnnotationReconciler>(controller).Reconciles<ConfigMap>();
        });
        var cm = TestObjects.ConfigMap(ns, "measured");
        await live.Client.Resource<ConfigMap>().CreateAsync(cm.WithMetadata(cm.Metadata with
        {
            Annotations = new Dictionary<string, string> { [CopyAnnotationReconciler.SourceAnnotation] = "x" }.ToImmutableDictionary(),
        }));
        await Eventually.TrueAsync(
            async () => (await live.Client.Resource<ConfigMap>().GetAsync(ns, "measured"))?.Data?.GetValueOrDefault("copy") == "x",
            "the reconciler converged after one injected failure");

        return (exporter.Scrape(), controller);
    }
}
