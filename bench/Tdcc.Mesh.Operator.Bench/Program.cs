using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Operator.Bench;
using Tdcc.Mesh.Operator.Bench.Report;

// Benchmark of the operator's processes; see docs/benchmarks.md ("## Operator processes") and BenchOptions.Usage.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var report = await BenchSuite.RunAsync(options, Console.Out, cancel.Token).ConfigureAwait(false);
Console.WriteLine();
Console.Write(ConsoleReport.Render(report));

if (options.WriteDoc)
{
    var path = options.DocPath ?? BenchmarksDoc.Find(Directory.GetCurrentDirectory());
    BenchmarksDoc.RewriteSection(path, MarkdownSection.Heading, MarkdownSection.Render(report, string.Join(' ', args)));
    Console.WriteLine($"wrote the '{MarkdownSection.Heading}' section of {path}");
}

return 0;
