namespace Tdcc.Mesh.Operator.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_IssueCommand_ReadsSizesAndWriteDoc()
    {
        var options = BenchOptions.Parse(["--members", "10,100", "--services", "1000", "--write-doc"]);

        options.MemberCounts.Should().Equal(10, 100);
        options.Services.Should().Be(1000);
        options.WriteDoc.Should().BeTrue();
    }

    [Fact]
    public void Parse_OneMember_ThrowsSayingWhy()
    {
        var parse = () => BenchOptions.Parse(["--members", "1"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*at least 2*");
    }

    [Fact]
    public void Parse_UnknownArgument_ThrowsWithUsage()
    {
        var parse = () => BenchOptions.Parse(["--quick"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*unknown argument '--quick'*Usage*");
    }
}
