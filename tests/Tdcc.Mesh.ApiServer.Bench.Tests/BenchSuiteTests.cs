using Tdcc.Mesh.ApiServer.Bench.Report;

namespace Tdcc.Mesh.ApiServer.Bench.Tests;

/// <summary>Runs the benchmark's measurement code at --quick sizes so it cannot rot. Never asserts timings.</summary>
[Trait("Category", "Slow")]
public sealed class BenchSuiteTests
{
    [Fact]
    public async Task RunAsync_QuickSizesWithoutEtcd_ProducesSaneFigures()
    {
        var options = BenchOptions.QuickSizes with { Etcd = false };

        var report = await BenchSuite.RunAsync(options, TextWriter.Null, CancellationToken.None);

        report.ObjectBytes.Should().BeInRange(900, 1200);
        report.Writes.Select(w => w.Operation).Should().Equal("create", "update", "create", "update");
        report.Writes.Select(w => w.Target).Should().Equal("API server", "API server", "API server, HTTPS h2", "API server, HTTPS h2");
        foreach (var write in report.Writes)
        {
            write.Objects.Should().Be(options.Objects);
            write.ObjectsPerSecond.Should().BePositive();
            write.Latency.Count.Should().Be(options.Objects);
            write.Latency.P50.Should().BePositive();
            write.Latency.P99.Should().BeGreaterThanOrEqualTo(write.Latency.P50);
            write.Latency.Max.Should().BeGreaterThanOrEqualTo(write.Latency.P99);
        }

        var fanOut = report.FanOut.Should().ContainSingle().Subject;
        fanOut.Watchers.Should().Be(options.Watchers);
        fanOut.Writes.Should().Be(options.FanOutWrites);
        fanOut.Delivered.Should().Be(fanOut.Expected, "every watcher sees every write at these sizes");
        fanOut.Behind.Should().Be(0);
        fanOut.Closed.Should().Be(0);
        fanOut.Latency.Max.Should().BeGreaterThanOrEqualTo(fanOut.Latency.P99);
        fanOut.WriteLatency.P50.Should().BePositive();

        report.Memory.Objects.Should().Be(options.MemoryObjects);
        report.Memory.HeapAfter.Should().BeGreaterThan(report.Memory.HeapBefore);
        report.Memory.HeapBytesPerObject.Should().BeGreaterThan(report.Memory.StoredJsonBytes / 2.0, "the store holds at least each object's bytes");
        report.Memory.StoredJsonBytes.Should().BeGreaterThan(report.Memory.ObjectJsonBytes);
        report.EtcdMissing.Should().NotBeNull();

        var section = MarkdownSection.Render(report, "--quick --no-etcd");
        section.Should().StartWith(DocSection.Heading + "\n");
        section.Should().Contain("| API server | create |").And.Contain("--quick").And.Contain("etcd was not measured");
        ConsoleReport.Render(report).Should().Contain("API server");
    }
}
