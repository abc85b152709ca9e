using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Xds.Bench.Cells;
using Tdcc.Mesh.Xds.Bench.Report;

namespace Tdcc.Mesh.Xds.Bench;

/// <summary>Runs every cell of the matrix, smallest first, each in its own server process, and collects the report.</summary>
internal static class BenchSuite
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var machine = MachineInfo.Current();
        var started = DateTimeOffset.UtcNow;
        var cells = new List<CellResult>();
        foreach (var cell in options.Cells)
        {
            await progress.WriteLineAsync($"{cell.Streams:N0} streams x {cell.Services:N0} services, {cell.Protocol} (load {MachineInfo.LoadAverageNow():0.0})").ConfigureAwait(false);
            var result = await CellProcess.RunAsync(cell, cancellationToken).ConfigureAwait(false);
            cells.Add(result);
            await progress.WriteLineAsync($"  {ReportTables.Status(result)}; change p50 {ReportTables.Ms(result.Change.P50Ms)} / p99 {ReportTables.Ms(result.Change.P99Ms)} ms, CPU {ReportTables.Seconds(result.ChangeCpuSeconds)} s (clients {ReportTables.Seconds(result.ClientChangeCpuSeconds)} s) and {ReportTables.Bytes(result.ChangeGc.AllocatedBytes)} allocated per change ({ReportTables.Bytes(result.ChangeGc.AllocatedBytes / Math.Max(1, result.Streams))} per stream), {ReportTables.Mean(result.ChangeGc.Gen0)}/{ReportTables.Mean(result.ChangeGc.Gen1)}/{ReportTables.Mean(result.ChangeGc.Gen2)} GCs per change, peak working set {ReportTables.Bytes(result.PeakWorkingSetBytes)}").ConfigureAwait(false);
        }

        return new BenchReport(options, machine, started, MachineInfo.LoadAverageNow(), cells);
    }
}
