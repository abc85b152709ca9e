using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench;
using Tdcc.Mesh.Distribution.Bench.EndToEnd;
using Tdcc.Mesh.Distribution.Bench.Report;

// Benchmarks of workload distribution; see docs/benchmarks.md ("## Scheduling", "## Distribution") and BenchOptions.Usage.
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

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var arguments = string.Join(' ', args);
string DocPath() => options.DocPath ?? BenchmarksDoc.Find(Directory.GetCurrentDirectory());

if (options.Runs(BenchOptions.SchedulingPhase))
{
    var report = BenchSuite.Run(options, Console.Out);
    Console.WriteLine();
    Console.Write(ReportTables.Figures(report.Phases).ToText());
    Console.WriteLine();
    Console.Write(ReportTables.Aims(report.Phases).ToText());
    if (options.WriteDoc)
    {
        BenchmarksDoc.RewriteSection(DocPath(), MarkdownSection.Heading, MarkdownSection.Render(report, arguments));
        Console.WriteLine($"wrote the '{MarkdownSection.Heading}' section of {DocPath()}");
    }
}

if (options.Runs(BenchOptions.DeliveryPhase))
{
    Console.WriteLine($"== delivery: {options.Members} members, {options.Rounds} rounds");
    var report = await DeliveryRun.RunAsync(options, Console.Out, cancel.Token);
    Console.WriteLine();
    Console.Write(DeliverySection.Figures(report).ToText());
    if (options.WriteDoc)
    {
        BenchmarksDoc.RewriteSection(DocPath(), DeliverySection.Heading, DeliverySection.Render(report, arguments));
        Console.WriteLine($"wrote the '{DeliverySection.Heading}' section of {DocPath()}");
    }
}

return 0;
