namespace Tdcc.Mesh.Mcs.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_NoArguments_UsesFullSizes()
    {
        var options = BenchOptions.Parse([]);

        options.Should().BeEquivalentTo(new { Quick = false, ServiceCounts = new[] { 100, 1_000 }, Members = 3, Changes = 100, WriteDoc = false });
    }

    [Fact]
    public void Parse_QuickWithOverrides_AppliesThemOnQuickSizes()
    {
        var options = BenchOptions.Parse(["--services", "5,7", "--quick", "--write-doc"]);

        options.Should().BeEquivalentTo(new { Quick = true, ServiceCounts = new[] { 5, 7 }, Changes = BenchOptions.QuickSizes.Changes, WriteDoc = true });
    }

    [Theory]
    [InlineData("--fast")]
    [InlineData("--members", "1")]
    [InlineData("--services", "10,x")]
    public void Parse_BadArguments_Throws(params string[] args)
    {
        var parse = () => BenchOptions.Parse(args);

        parse.Should().Throw<ArgumentException>().WithMessage($"*{args[0]}*");
    }
}
