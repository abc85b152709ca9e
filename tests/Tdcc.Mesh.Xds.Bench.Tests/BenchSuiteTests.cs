using Tdcc.Mesh.Xds.Bench.Clients;
using Tdcc.Mesh.Xds.Bench.Report;

namespace Tdcc.Mesh.Xds.Bench.Tests;

/// <summary>
/// Runs the benchmark at --quick sizes (a server process per cell and its client process, both this bench binary)
/// so it cannot rot. Never asserts timings.
/// </summary>
[Trait("Category", "Slow")]
public sealed class BenchSuiteTests
{
    [Fact]
    public async Task RunAsync_QuickSizes_EveryStreamConvergesOnEveryChange()
    {
        var options = BenchOptions.QuickSizes;

        var report = await BenchSuite.RunAsync(options, TextWriter.Null, CancellationToken.None);

        report.Cells.Select(c => c.Protocol).Should().Equal(AdsProtocol.Sotw, AdsProtocol.Delta);
        foreach (var cell in report.Cells)
        {
            cell.Failure.Should().BeNull();
            cell.Nacks.Should().Be(0);
            cell.ChangesConverged.Should().Be(options.Changes);
            cell.InitialSync.Count.Should().Be(cell.Streams);
            cell.Change.Count.Should().Be(cell.Streams * options.Changes, "every stream ACKs every change once");
            cell.Change.P99Ms.Should().BeGreaterThanOrEqualTo(cell.Change.P50Ms);
            cell.Change.MaxMs.Should().BeGreaterThanOrEqualTo(cell.Change.P99Ms);
            cell.LastAck.Count.Should().Be(options.Changes);
            cell.EdsResponseBytes.Should().BePositive();
            cell.HeapBytes.Should().BePositive();
            cell.PeakWorkingSetBytes.Should().BeGreaterThanOrEqualTo(cell.WorkingSetBytes);
            cell.Client.Should().NotBeNull();
            cell.Client!.Opened.Should().Be(cell.Streams);
            cell.Client.Failed.Should().Be(0);
            cell.Client.Acks.Should().BeGreaterThanOrEqualTo(cell.Streams * (2L + options.Changes), "CDS, the first EDS and every change are ACKed");
        }

        var section = MarkdownSection.Render(report, "--quick");
        section.Should().StartWith(DocSection.Heading + "\n");
        section.Should().Contain("| 50 | 50 | SotW |").And.Contain("| 50 | 50 | delta |").And.Contain("--quick")
            .And.Contain("java-control-plane").And.Contain("istiod");
        ConsoleReport.Render(report).Should().Contain("xDS benchmark");
    }
}
