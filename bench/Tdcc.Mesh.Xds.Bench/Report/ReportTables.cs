using System.Globalization;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Xds.Bench.Cells;

namespace Tdcc.Mesh.Xds.Bench.Report;

/// <summary>The tables of a report: convergence and resources, one row per cell.</summary>
internal static class ReportTables
{
    public static TextTable Convergence(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Streams", "Services", "ADS", "Connect s", "Initial sync p50 ms", "Initial sync last ms", "Changes", "Change p50 ms", "Change p99 ms", "Change max ms", "Last ACK p50 ms", "Status");
        foreach (var c in report.Cells)
        {
            table.Add(
                Count(c.Streams),
                Count(c.Services),
                Protocol(c),
                Seconds(c.ConnectSeconds),
                Ms(c.InitialSync.P50Ms),
                Ms(c.InitialSync.MaxMs),
                $"{c.ChangesConverged} / {c.Changes}",
                Ms(c.Change.P50Ms),
                Ms(c.Change.P99Ms),
                Ms(c.Change.MaxMs),
                Ms(c.LastAck.P50Ms),
                Status(c));
        }

        return table;
    }

    public static TextTable Resources(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Streams", "Services", "ADS", "EDS per node", "Server CPU s, initial sync", "Server CPU s per change", "Client CPU s per change", "Translate ms per change", "Server working set", "Server peak working set", "Server managed heap", "Server GC pause ms", "Client CPU s (whole run)");
        foreach (var c in report.Cells)
        {
            table.Add(
                Count(c.Streams),
                Count(c.Services),
                Protocol(c),
                Bytes(c.EdsResponseBytes),
                Seconds(c.InitialSyncCpuSeconds),
                Seconds(c.ChangeCpuSeconds),
                Seconds(c.ClientChangeCpuSeconds),
                Ms(c.TranslateMs),
                Bytes(c.WorkingSetBytes),
                Bytes(c.PeakWorkingSetBytes),
                Bytes(c.HeapBytes),
                c.GcPauseMs.ToString("N0", CultureInfo.InvariantCulture),
                c.Client is null ? "-" : Seconds(c.Client.CpuSeconds));
        }

        return table;
    }

    public static TextTable Allocations(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Streams", "Services", "ADS", "Server allocated, initial sync", "Server allocated per change", "Per stream per change", "GCs per change (gen0 / gen1 / gen2)", "GC pause ms per change", "Server GC");
        foreach (var c in report.Cells)
        {
            var gc = c.ChangeGc;
            table.Add(
                Count(c.Streams),
                Count(c.Services),
                Protocol(c),
                Bytes(c.InitialSyncGc.AllocatedBytes),
                Bytes(gc.AllocatedBytes),
                Bytes(c.Streams == 0 ? 0 : gc.AllocatedBytes / c.Streams),
                $"{Mean(gc.Gen0)} / {Mean(gc.Gen1)} / {Mean(gc.Gen2)}",
                Ms(gc.PauseMs),
                c.ServerGc);
        }

        return table;
    }

    public static string Status(CellResult cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var problems = new List<string>();
        if (cell.Failure is not null)
        {
            problems.Add("stopped: " + cell.Failure);
        }

        if (cell.Nacks > 0)
        {
            problems.Add($"{Count(cell.Nacks)} NACKs");
        }

        if (cell.Client is { Failed: > 0 } client)
        {
            problems.Add($"{Count(client.Failed)} client streams failed ({client.FirstError})");
        }

        return problems.Count == 0 ? "ok" : string.Join("; ", problems);
    }

    public static string Protocol(CellResult cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Protocol == Clients.AdsProtocol.Delta ? "delta" : "SotW";
    }

    public static string Mean(double value) => value.ToString(value < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture);

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(double value) => value.ToString(value < 10 ? "0.00" : "N0", CultureInfo.InvariantCulture);

    public static string Seconds(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => Math.Abs(bytes) >= 1024L * 1024 * 1024
        ? (bytes / (1024 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB"
        : Math.Abs(bytes) >= 1024 * 1024
        ? (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
}
