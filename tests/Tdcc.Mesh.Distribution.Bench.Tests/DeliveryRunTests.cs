using Tdcc.Mesh.Distribution.Bench.EndToEnd;
using Tdcc.Mesh.Distribution.Bench.Report;

namespace Tdcc.Mesh.Distribution.Bench.Tests;

/// <summary>The delivery phase at a tiny size (3 members, 2 rounds): the same code path as the 100-member run.</summary>
[Trait("Category", "Slow")]
public sealed class DeliveryRunTests
{
    [Fact]
    public async Task RunAsync_ThreeMembersTwoRounds_MeasuresEveryKindOfChangeAndRendersTheSection()
    {
        var options = new BenchOptions { Phases = [BenchOptions.DeliveryPhase], Members = 3, Rounds = 2, Settle = TimeSpan.FromMilliseconds(50), ChangeTimeout = TimeSpan.FromSeconds(30) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var report = await DeliveryRun.RunAsync(options, TextWriter.Null, timeout.Token);

        report.Changes.Select(c => c.Kind).Should().Equal(DeliveryRun.NewSubscription, DeliveryRun.NewImage, DeliveryRun.DividedScale);
        report.Changes.Should().AllSatisfy(c =>
        {
            c.EveryMember.Count.Should().Be(2, "one sample per round");
            c.OneMember.Count.Should().Be(6, "one sample per member and round");
            c.EveryMember.P50Ms.Should().BePositive();
            c.EveryMember.P99Ms.Should().BeGreaterThanOrEqualTo(c.OneMember.P50Ms);
            c.EveryMember.MaxMs.Should().BeLessThan(30_000);
        });

        var section = DeliverySection.Render(report, "--phases delivery --members 3 --rounds 2");
        section.Should().StartWith("## Distribution\n")
            .And.Contain("dotnet run -c Release --project bench/Tdcc.Mesh.Distribution.Bench -- --phases delivery --members 3 --rounds 2")
            .And.Contain("shared with other work")
            .And.Contain("P99 1,298 ms").And.Contain("P99 989 ms")
            .And.Contain("| new image | 2 |")
            .And.Contain("Aim of issue 15 (distribution p99 under 0.5 s at 100 clusters)");
    }
}
