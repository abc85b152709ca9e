using Tdcc.Mesh.Mcs.Bench.Report;

namespace Tdcc.Mesh.Mcs.Bench.Tests;

/// <summary>Runs the benchmark's measurement code at --quick sizes so it cannot rot. Never asserts timings.</summary>
[Trait("Category", "Slow")]
public sealed class BenchSuiteTests
{
    [Fact]
    public async Task RunAsync_QuickSizes_EveryChangeReachesEveryMember()
    {
        var options = BenchOptions.QuickSizes;

        var report = await BenchSuite.RunAsync(options, TextWriter.Null, CancellationToken.None);

        var size = report.Sizes.Should().ContainSingle().Subject;
        size.Services.Should().Be(options.ServiceCounts[0]);
        size.ImportsPerMember.Should().Be(size.Services, "every member imports every exported service");
        size.SetupWrites.Should().Be(size.Services * 3);
        size.SliceConvergence.Should().BePositive();
        size.DnsConvergence.Should().BeGreaterThanOrEqualTo(size.SliceConvergence);
        size.Missed.Should().Be(0);
        foreach (var latency in new[] { size.Slice, size.Dns })
        {
            latency.Count.Should().Be(options.Changes);
            latency.P50.Should().BePositive();
            latency.P99.Should().BeGreaterThanOrEqualTo(latency.P50);
            latency.Max.Should().BeGreaterThanOrEqualTo(latency.P99);
        }

        size.Memory.HeapAfter.Should().BeGreaterThan(size.Memory.HeapBefore);

        var section = MarkdownSection.Render(report, "--quick");
        section.Should().StartWith(DocSection.Heading + "\n");
        section.Should().Contain("| 20 | imported EndpointSlice (watch) |").And.Contain("--quick");
        ConsoleReport.Render(report).Should().Contain("clusterset.local A answer");
    }
}
