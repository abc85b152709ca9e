namespace Tdcc.Mesh.ApiServer.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_NoArguments_UsesFullSizes()
    {
        var options = BenchOptions.Parse([]);

        options.Should().BeEquivalentTo(new { Quick = false, Watchers = 1_000, MemoryObjects = 100_000, WriteDoc = false, Etcd = true });
    }

    [Fact]
    public void Parse_QuickWithOverrides_AppliesThemOnQuickSizes()
    {
        var options = BenchOptions.Parse(["--objects", "50", "--quick", "--write-doc", "--no-etcd"]);

        options.Should().BeEquivalentTo(new { Quick = true, Objects = 50, Watchers = BenchOptions.QuickSizes.Watchers, WriteDoc = true, Etcd = false });
    }

    [Fact]
    public void Parse_UnknownArgument_Throws()
    {
        var parse = () => BenchOptions.Parse(["--fast"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*--fast*");
    }

    [Fact]
    public void Parse_WritesOnlyMemoryStore_SetsBoth()
    {
        var options = BenchOptions.Parse(["--writes-only", "--memory-store"]);

        options.Should().BeEquivalentTo(new { WritesOnly = true, MemoryStore = true, WriteDoc = false });
    }

    [Theory]
    [InlineData("--writes-only")]
    [InlineData("--memory-store")]
    public void Parse_PartialRunWithWriteDoc_Throws(string partial)
    {
        var parse = () => BenchOptions.Parse([partial, "--write-doc"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*--write-doc*");
    }
}
