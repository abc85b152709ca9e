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
