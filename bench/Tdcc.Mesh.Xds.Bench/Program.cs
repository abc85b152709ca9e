using System.Text.Json;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Xds.Bench;
using Tdcc.Mesh.Xds.Bench.Cells;
using Tdcc.Mesh.Xds.Bench.Clients;
using Tdcc.Mesh.Xds.Bench.Report;

// Benchmark of the xDS server; see docs/benchmarks.md ("## xDS") and BenchOptions.Usage.
// The same binary runs in three roles: the bench (default), one cell's server process ("cell") and its clients ("client").
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

if (args is [ClientProcess.Mode, var address, var streams, var protocol])
{
    return await ClientFleet.RunAsync(new Uri(address), int.Parse(streams, System.Globalization.CultureInfo.InvariantCulture), Enum.Parse<AdsProtocol>(protocol), Console.In, Console.Out, cancel.Token).ConfigureAwait(false);
}

if (args is [CellOptions.Mode, ..])
{
    var cell = CellOptions.Parse(args[1..]);
    var result = await CellRunner.RunAsync(cell, Console.Error, cancel.Token).ConfigureAwait(false);
    Console.WriteLine(CellProcess.ResultLine + JsonSerializer.Serialize(result, BenchJsonContext.Default.CellResult));
    return 0;
}

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

var report = await BenchSuite.RunAsync(options, Console.Out, cancel.Token).ConfigureAwait(false);
Console.WriteLine();
Console.Write(ConsoleReport.Render(report));

if (options.WriteDoc)
{
    var path = options.DocPath ?? BenchmarksDoc.Find(Directory.GetCurrentDirectory());
    BenchmarksDoc.RewriteSection(path, DocSection.Heading, MarkdownSection.Render(report, string.Join(' ', args)));
    Console.WriteLine($"wrote the '{DocSection.Heading}' section of {path}");
}

return 0;
