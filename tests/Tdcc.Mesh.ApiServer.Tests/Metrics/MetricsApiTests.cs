using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Metrics;

namespace Tdcc.Mesh.ApiServer.Tests.Metrics;

/// <summary>metrics.k8s.io: served only once a kubelet registers its usage, in metrics-server's shapes and quantity formats.</summary>
public sealed class MetricsApiTests
{
    [Fact]
    public async Task Discovery_WithoutASource_DoesNotServeTheGroup()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, _) = await h.GetAsync("/apis/metrics.k8s.io/v1beta1");
        var (_, groups) = await h.GetAsync("/apis");

        code.Should().Be(404);
        groups["groups"]!.AsArray().Select(g => (string?)g!["name"]).Should().NotContain("metrics.k8s.io");
    }

    [Fact]
    public async Task PodAndNodeMetrics_WithASource_AnswerRunningPodsAndNodeSums()
    {
        await using var h = await ApiServerHarness.StartAsync();
        h.Server.PodMetrics = new FixedUsage();
        (await h.PostAsync("/api/v1/nodes", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "n1" } })).Code.Should().Be(201);
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "p", ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject { ["nodeName"] = "n1", ["containers"] = new JsonArray(new JsonObject { ["name"] = "c", ["image"] = "i", ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "250m", ["memory"] = "64Mi" } } }) },
        };
        (await h.PostAsync("/api/v1/namespaces/default/pods", pod)).Code.Should().Be(201);
        (await h.PatchAsync("/api/v1/namespaces/default/pods/p/status", new JsonObject { ["status"] = new JsonObject { ["phase"] = "Running" } })).Code.Should().Be(200);

        var (_, resources) = await h.GetAsync("/apis/metrics.k8s.io/v1beta1");
        var (listCode, list) = await h.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods?labelSelector=app%3Dweb");
        var (_, node) = await h.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes/n1");
        var (missing, status) = await h.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/nope");

        resources["resources"]!.AsArray().Select(r => (string?)r!["name"]).Should().BeEquivalentTo(["nodes", "pods"]);
        listCode.Should().Be(200);
        ((string?)list["kind"]).Should().Be("PodMetricsList");
        var item = list["items"]![0]!;
        ((string?)item["window"]).Should().Be("10s");
        ((string?)item["containers"]![0]!["usage"]!["cpu"]).Should().Be("25m", "the fixed source reports a tenth of the request");
        ((string?)item["containers"]![0]!["usage"]!["memory"]).Should().Be("32Mi");
        ((string?)node["kind"]).Should().Be("NodeMetrics");
        ((string?)node["usage"]!["cpu"]).Should().Be(MetricsApi.FormatCpu(25_000_000 + MetricsApi.NodeOverheadCpuNanoCores));
        missing.Should().Be(404);
        ((string?)status["message"]).Should().Be("podmetrics.metrics.k8s.io \"default/nope\" not found");
    }

    [Theory]
    [InlineData(1_500_000L, "1500u")]
    [InlineData(2_000_000L, "2m")]
    [InlineData(3_000_000_000L, "3")]
    [InlineData(1_234_567L, "1234567n")]
    public void FormatCpu_NanoCores_ShortestExactForm(long nanoCores, string expected) => MetricsApi.FormatCpu(nanoCores).Should().Be(expected);

    [Theory]
    [InlineData(1024L * 1024 * 64, "64Mi")]
    [InlineData(1024L * 1000, "1000Ki")]
    [InlineData(1000L, "1000")]
    public void FormatMemory_Bytes_LargestExactBinarySuffix(long bytes, string expected) => MetricsApi.FormatMemory(bytes).Should().Be(expected);

    /// <summary>A kubelet whose containers use a tenth of their CPU request and half their memory request.</summary>
    private sealed class FixedUsage : IPodMetricsSource
    {
        public TimeSpan Window => TimeSpan.FromSeconds(10);

        public IReadOnlyList<ContainerUsage>? Usage(PodMetricsRequest pod) =>
            [.. pod.Containers.Select(c => new ContainerUsage(c.Name, c.CpuMillis * 100_000, c.MemoryBytes / 2))];
    }
}
