using Tdcc.Mesh.Metrics.Exposition;

namespace Tdcc.Mesh.Metrics.Tests.Exposition;

public sealed class PrometheusNamesTests
{
    [Theory]
    [InlineData("tdcc.queue.adds", null, "Counter", "tdcc_queue_adds_total")]
    [InlineData("tdcc.queue.adds.total", null, "Counter", "tdcc_queue_adds_total")]
    [InlineData("http.server.duration", "s", "Histogram", "http_server_duration_seconds")]
    [InlineData("http.server.duration.seconds", "s", "Histogram", "http_server_duration_seconds")]
    [InlineData("payload", "By", "Counter", "payload_bytes_total")]
    [InlineData("requests", "{request}", "Counter", "requests_total")]
    [InlineData("cpu.utilization", "1", "Gauge", "cpu_utilization_ratio")]
    [InlineData("rate", "{packet}/s", "Gauge", "rate_per_second")]
    [InlineData("transfer", "By/s", "Gauge", "transfer_bytes_per_second")]
    [InlineData("queue.depth.total", null, "Gauge", "queue_depth")]
    [InlineData("9lives", null, "Gauge", "_9lives")]
    [InlineData("a..b--c", null, "Gauge", "a_b_c")]
    [InlineData("ns:metric", null, "Gauge", "ns:metric")]
    public void MetricName_InstrumentNameAndUnit_PrometheusName(string instrument, string? unit, string type, string expected) =>
        PrometheusNames.MetricName(instrument, unit, Enum.Parse<MetricType>(type), appendUnit: true).Should().Be(expected);

    [Fact]
    public void MetricName_UnitSuffixDisabled_NoSuffix() =>
        PrometheusNames.MetricName("work.duration", "s", MetricType.Histogram, appendUnit: false).Should().Be("work_duration");

    [Theory]
    [InlineData("http.method", "http_method")]
    [InlineData("k8s:ns", "k8s_ns")]
    [InlineData("1st", "_1st")]
    public void LabelName_InvalidCharacters_Replaced(string key, string expected) =>
        PrometheusNames.LabelName(key).Should().Be(expected);
}
