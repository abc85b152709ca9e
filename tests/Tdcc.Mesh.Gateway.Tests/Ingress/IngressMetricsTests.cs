using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;
using Tdcc.Mesh.Metrics;
using static Tdcc.Mesh.Gateway.Tests.Ingress.IngressRig;

namespace Tdcc.Mesh.Gateway.Tests.Ingress;

/// <summary>The ingress's requests in the gateway's metrics, as the project's Prometheus exporter renders them.</summary>
public sealed class IngressMetricsTests : IAsyncLifetime
{
    private IngressRig _rig = null!;

    public async Task InitializeAsync() => _rig = await IngressRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Scrape_AfterIngressTraffic_IstioSeriesAndTheRouteCounter()
    {
        using var exporter = PrometheusExporter.Create();
        _rig.Apply(_rig.Listener(
        [
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/local") }, Service(_rig.A)) with { Route = "HTTPRoute demo/metrics" },
            Rule(new IngressMatch { Path = new PathMatchModel(PathMatchKind.Prefix, "/remote") }, Import()) with { Route = "HTTPRoute demo/metrics", RuleIndex = 1 },
        ]));

        (await _rig.GetAsync("/local")).Server.Should().Be("a");
        (await _rig.GetAsync("/remote")).Server.Should().Be("remote");
        (await _rig.GetAsync("/nowhere")).Status.Should().Be(System.Net.HttpStatusCode.NotFound);

        var text = exporter.Scrape();
        Lines(text, "istio_requests_total{", "reporter=\"source\"", "source_cluster=\"east\"", "destination_service=\"a.demo.svc.cluster.local\"", "response_code=\"200\"", "response_flags=\"-\"").Should().NotBeEmpty();
        Lines(text, "istio_requests_total{", "destination_cluster=\"west\"", "destination_service=\"remote.demo.svc.clusterset.local\"", "connection_security_policy=\"mutual_tls\"").Should().NotBeEmpty("a ServiceImport backend is counted by the outbound path with the cluster that answered");
        Lines(text, "istio_requests_total{", "destination_service=\"unknown\"", "response_code=\"404\"", "response_flags=\"NR\"").Should().NotBeEmpty();
        Lines(text, "tdcc_gateway_ingress_requests_total{", "listener=\"demo/gw/http\"", "route=\"HTTPRoute demo/metrics rule 0\"", "response_code=\"200\"").Should().NotBeEmpty();
        Lines(text, "tdcc_gateway_ingress_requests_total{", "route=\"HTTPRoute demo/metrics rule 1\"", "response_code=\"200\"").Should().NotBeEmpty();
    }

    private static List<string> Lines(string text, string metric, params string[] labels) =>
        [.. text.Split('\n').Where(line => line.StartsWith(metric, StringComparison.Ordinal) && labels.All(label => line.Contains(label, StringComparison.Ordinal)))];
}
