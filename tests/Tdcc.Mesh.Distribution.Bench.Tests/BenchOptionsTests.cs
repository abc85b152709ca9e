namespace Tdcc.Mesh.Distribution.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_IssueCommand_ReadsSizesThreadsAndWriteDoc()
    {
        var options = BenchOptions.Parse(["--clusters", "100,1000", "--subscriptions", "10000", "--threads", "1,0", "--write-doc"]);

        options.ClusterCounts.Should().Equal(100, 1000);
        options.Subscriptions.Should().Be(10_000);
        options.ResolvedThreads(cores: 2).Should().Equal(1, 2);
        options.WriteDoc.Should().BeTrue();
    }

    [Fact]
    public void Parse_DeliveryCommand_ReadsPhasesMembersAndRounds()
    {
        var options = BenchOptions.Parse(["--phases", "delivery", "--members", "100", "--rounds", "20", "--write-doc"]);

        options.Runs(BenchOptions.DeliveryPhase).Should().BeTrue();
        options.Runs(BenchOptions.SchedulingPhase).Should().BeFalse();
        options.Members.Should().Be(100);
        options.Rounds.Should().Be(20);
    }

    [Fact]
    public void Parse_NoArguments_RunsBothPhases()
    {
        var options = BenchOptions.Parse([]);

        options.Runs(BenchOptions.SchedulingPhase).Should().BeTrue();
        options.Runs(BenchOptions.DeliveryPhase).Should().BeTrue();
    }

    [Fact]
    public void Parse_UnknownPhase_ThrowsSayingWhy()
    {
        var parse = () => BenchOptions.Parse(["--phases", "push"]);

        parse.Should().Throw<ArgumentException>().WithMessage("--phases takes scheduling and/or delivery, not 'push'");
    }

    [Fact]
    public void ResolvedThreads_OneCoreMachine_NoRepeat()
    {
        new BenchOptions().ResolvedThreads(cores: 1).Should().Equal(1);
    }

    [Fact]
    public void Parse_ZeroClusters_ThrowsSayingWhy()
    {
        var parse = () => BenchOptions.Parse(["--clusters", "0"]);

        parse.Should().Throw<ArgumentException>().WithMessage("--clusters needs a positive number, not '0'");
    }

    [Fact]
    public void Parse_UnknownArgument_ThrowsWithUsage()
    {
        var parse = () => BenchOptions.Parse(["--quick"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*unknown argument '--quick'*Usage*");
    }
}
