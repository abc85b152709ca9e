using Tdcc.Mesh.Operator.Bench.Report;

namespace Tdcc.Mesh.Operator.Bench.Tests;

/// <summary>Runs the benchmark with real tdcc processes at tiny sizes (2 members × 5 services) so it cannot rot. Never asserts timings or sizes.</summary>
[Trait("Category", "Slow")]
public sealed class BenchSuiteTests
{
    [Fact]
    public async Task RunAsync_TwoMembersFiveServices_ImportsRestartsAndReports()
    {
        var options = new BenchOptions
        {
            MemberCounts = [2],
            Services = 5,
            Settle = TimeSpan.FromSeconds(1),
            SampleDuration = TimeSpan.FromSeconds(2),
            SampleInterval = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromMinutes(3),
        };

        var report = await BenchSuite.RunAsync(options, TextWriter.Null, CancellationToken.None);

        var size = report.Sizes.Should().ContainSingle().Subject;
        size.Members.Should().Be(2);
        size.Services.Should().Be(5);
        size.Import.Should().BePositive();
        foreach (var usage in new[] { size.Hub, size.Agent })
        {
            usage.PeakRssMiB.Should().BeGreaterThan(10, "a .NET process holds more than 10 MiB resident");
            usage.AverageRssMiB.Should().BeInRange(1, usage.PeakRssMiB);
            usage.Cores.Should().BeGreaterThanOrEqualTo(0);
        }

        size.Converged.Should().BeTrue();
        size.Imported.Should().Be(5);
        size.HubReady.Should().NotBeNull().And.BePositive();
        size.NewExportImported.Should().NotBeNull().And.BeGreaterThanOrEqualTo(size.HubReady!.Value);

        var section = MarkdownSection.Render(report, "--members 2 --services 5");
        section.Should().StartWith(MarkdownSection.Heading + "\n");
        section.Should().Contain("| 2 × 5 |").And.Contain("--members 2 --services 5").And.Contain("agent peak RSS < 150 MiB");
        ConsoleReport.Render(report).Should().Contain("2 × 5");
    }
}
