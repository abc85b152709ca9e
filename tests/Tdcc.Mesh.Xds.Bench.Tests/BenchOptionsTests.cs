using Tdcc.Mesh.Xds.Bench.Clients;

namespace Tdcc.Mesh.Xds.Bench.Tests;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_NoArguments_FullMatrixBothProtocols()
    {
        var options = BenchOptions.Parse([]);

        options.Streams.Should().Equal(100, 1_000, 5_000);
        options.Services.Should().Equal(100, 1_000);
        options.Protocols.Should().Equal(AdsProtocol.Sotw, AdsProtocol.Delta);
        options.Changes.Should().Be(20);
        options.Cells.Should().HaveCount(12);
        options.Cells[0].Should().BeEquivalentTo(new { Streams = 100, Services = 100, Protocol = AdsProtocol.Sotw });
        options.Cells[^1].Should().BeEquivalentTo(new { Streams = 5_000, Services = 1_000, Protocol = AdsProtocol.Delta });
    }

    [Fact]
    public void Parse_QuickWithOverrides_AppliesThemOnQuickSizes()
    {
        var options = BenchOptions.Parse(["--streams", "10,20", "--quick", "--write-doc", "--protocols", "delta"]);

        options.Should().BeEquivalentTo(new { Quick = true, Services = new[] { 50 }, Changes = BenchOptions.QuickSizes.Changes, WriteDoc = true });
        options.Streams.Should().Equal(10, 20);
        options.Cells.Select(c => c.Protocol).Should().AllBeEquivalentTo(AdsProtocol.Delta);
    }

    [Fact]
    public void Parse_UnknownArgument_Throws()
    {
        var parse = () => BenchOptions.Parse(["--fast"]);

        parse.Should().Throw<ArgumentException>().WithMessage("*--fast*");
    }

    [Fact]
    public void CellOptions_ToArgumentsThenParse_RoundTrips()
    {
        var cell = BenchOptions.QuickSizes.Cells[0];

        var parsed = Cells.CellOptions.Parse([.. cell.ToArguments().Skip(1)]);

        parsed.Should().Be(cell);
    }
}
