using Tdcc.Mesh.Metrics.Tests.Collection;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Metrics.Tests.Exposition;

[Trait("Peer", "promtool")]
public sealed class PromtoolTests
{
    [PeerFact("promtool")]
    public async Task Scrape_EveryInstrumentType_PassesPromtoolCheckMetrics()
    {
        RequirePeer.Present("promtool");
        using var test = new TestMeter();
        var meter = test.Meter;
        meter.CreateCounter<long>("tdcc.queue.adds", description: "Items added.").Add(3, new KeyValuePair<string, object?>("name", "services"));
        meter.CreateCounter<double>("tdcc.payload", unit: "By", description: "Bytes.").Add(1.5);
        meter.CreateUpDownCounter<int>("tdcc.queue.depth", description: "Items waiting.").Add(2, new KeyValuePair<string, object?>("name", "a\\b \"c\"\nd"));
        meter.CreateGauge<double>("tdcc.temperature", unit: "Cel", description: "A gauge.").Record(21.5);
        var histogram = meter.CreateHistogram<double>("tdcc.work.duration", unit: "s", description: "Work time.");
        histogram.Record(0.02, new KeyValuePair<string, object?>("name", "services"));
        histogram.Record(3, new KeyValuePair<string, object?>("name", "services"));
        histogram.Record(30, new KeyValuePair<string, object?>("name", "imports"));
        meter.CreateObservableCounter("tdcc.bytes.sent", () => 42L, unit: "By", description: "Observed counter.");
        meter.CreateObservableGauge("tdcc.ready", () => 1, description: "Observed gauge.");
        meter.CreateObservableUpDownCounter("tdcc.inflight", () => -1, description: "Observed up-down.");
        var text = test.Exporter.Scrape();

        var result = await PeerTools.RunAsync("promtool", ["check", "metrics"], standardInput: text);

        result.ExitCode.Should().Be(0, "promtool should accept:\n{0}\n{1}", text, result);
        result.StandardError.Should().NotContain("problem", "promtool lints:\n{0}", result);
    }
}
