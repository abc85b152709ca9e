using Tdcc.Mesh.Distribution.Bench.Report;

namespace Tdcc.Mesh.Distribution.Bench.Tests;

public sealed class BenchSuiteTests
{
    [Fact]
    public void Run_SmallSizes_MeasuresBothPhasesPerSizeAndThreadCount()
    {
        var options = new BenchOptions { ClusterCounts = [10, 30], Subscriptions = 200, Threads = [1, 2] };

        var report = BenchSuite.Run(options, TextWriter.Null);

        report.Phases.Select(p => (p.Clusters, p.Threads, p.Phase)).Should().Equal(
            (10, 1, "initial"), (10, 1, "rescheduled"), (10, 2, "initial"), (10, 2, "rescheduled"),
            (30, 1, "initial"), (30, 1, "rescheduled"), (30, 2, "initial"), (30, 2, "rescheduled"));
        report.Phases.Should().AllSatisfy(p =>
        {
            p.Latency.Count.Should().Be(200);
            p.DecisionsPerSecond.Should().BePositive();
            p.Latency.P99Ms.Should().BeGreaterThanOrEqualTo(p.Latency.P50Ms);
            p.AveragePlacements.Should().BePositive();
        });
    }

    [Fact]
    public void Render_Report_SectionHasTheCommandTheAnchorsAndTheSharedMachineNote()
    {
        var options = new BenchOptions { ClusterCounts = [1000], Subscriptions = 20, Threads = [1] };
        var report = BenchSuite.Run(options, TextWriter.Null);

        var section = MarkdownSection.Render(report, "--clusters 1000 --subscriptions 20 --threads 1");

        section.Should().StartWith("## Scheduling\n")
            .And.Contain("dotnet run -c Release --project bench/Tdcc.Mesh.Distribution.Bench -- --clusters 1000 --subscriptions 20 --threads 1")
            .And.Contain("shared with other work")
            .And.Contain("about 32 ms at 100 clusters")
            .And.Contain("about 22 schedules per second")
            .And.Contain("| 1,000 | 1 | initial |");
    }
}
