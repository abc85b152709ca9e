namespace Tdcc.Mesh.ApiServer.Bench.Report;

/// <summary>The section of docs/benchmarks.md this benchmark owns.</summary>
internal static class DocSection
{
    public const string Heading = "## API server";
}
