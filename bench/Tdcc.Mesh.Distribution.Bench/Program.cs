using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench;
using Tdcc.Mesh.Distribution.Bench.Report;

// Benchmark of the distribution scheduler; see docs/benchmarks.md ("## Scheduling") and BenchOptions.Usage.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 2;
}

var report = BenchSuite.Run(options, Console.Out);
Console.WriteLine();
Console.Write(ReportTables.Figures(report.Phases).ToText());
Console.WriteLine();
Console.Write(ReportTables.Aims(report.Phases).ToText());

if (options.WriteDoc)
{
    var path = options.DocPath ?? BenchmarksDoc.Find(Directory.GetCurrentDirectory());
    BenchmarksDoc.RewriteSection(path, MarkdownSection.Heading, MarkdownSection.Render(report, string.Join(' ', args)));
    Console.WriteLine($"wrote the '{MarkdownSection.Heading}' section of {path}");
}

return 0;
