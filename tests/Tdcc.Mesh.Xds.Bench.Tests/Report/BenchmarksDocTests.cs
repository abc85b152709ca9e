using Tdcc.Mesh.Xds.Bench.Report;

namespace Tdcc.Mesh.Xds.Bench.Tests.Report;

public sealed class BenchmarksDocTests
{
    private const string Section = "## xDS\n\nnew figures\n";

    [Fact]
    public void Replace_SectionBetweenOthers_ReplacesOnlyIt()
    {
        var document = "# Benchmarks\n\n## DNS\n\ndns figures\n\n## xDS\n\nold\n```\n## not a heading\n```\n\n## API server\n\napi figures\n";

        var result = BenchmarksDoc.Replace(document, BenchmarksDoc.Heading, Section);

        result.Should().Be("# Benchmarks\n\n## DNS\n\ndns figures\n\n## xDS\n\nnew figures\n\n## API server\n\napi figures\n");
    }

    [Fact]
    public void Replace_SectionMissing_AppendsItAndKeepsTheRest()
    {
        var result = BenchmarksDoc.Replace("# Benchmarks\n\n## API server\n\napi figures\n", BenchmarksDoc.Heading, Section);

        result.Should().Be("# Benchmarks\n\n## API server\n\napi figures\n\n## xDS\n\nnew figures\n");
    }
}
