using Tdcc.Mesh.ApiServer.Bench.Report;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.ApiServer.Bench.Tests.Report;

public sealed class BenchmarksDocTests
{
    private const string Section = "## API server\n\nnew figures\n";

    [Fact]
    public void Replace_SectionBetweenOthers_ReplacesOnlyIt()
    {
        var document = "# Benchmarks\n\nintro\n\n## DNS\n\ndns figures\n\n## API server\n\nold\n```\n## not a heading\n```\n\n## xDS\n\nxds figures\n";

        var result = BenchmarksDoc.Replace(document, DocSection.Heading, Section);

        result.Should().Be("# Benchmarks\n\nintro\n\n## DNS\n\ndns figures\n\n## API server\n\nnew figures\n\n## xDS\n\nxds figures\n");
    }

    [Fact]
    public void Replace_SectionMissing_AppendsItAndKeepsTheRest()
    {
        var result = BenchmarksDoc.Replace("# Benchmarks\n\nintro\n\n## DNS\n\ndns figures\n", DocSection.Heading, Section);

        result.Should().Be("# Benchmarks\n\nintro\n\n## DNS\n\ndns figures\n\n## API server\n\nnew figures\n");
    }

    [Fact]
    public void RewriteSection_NoFile_CreatesItWithTitleAndSection()
    {
        var path = Path.Combine(Path.GetTempPath(), $"benchmarks-{Guid.NewGuid():N}.md");
        try
        {
            BenchmarksDoc.RewriteSection(path, DocSection.Heading, Section);

            var text = File.ReadAllText(path);
            text.Should().StartWith("# Benchmarks\n").And.EndWith("## API server\n\nnew figures\n");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
