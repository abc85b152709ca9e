using System.Globalization;
using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.ApiServer.Bench.Report;

/// <summary>The tables of a report: writes, watch fan-out and memory.</summary>
internal static class ReportTables
{
    public static TextTable Writes(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Target", "Operation", "Objects", "Concurrency", "Objects/s", "p50 ms", "p99 ms", "max ms");
        foreach (var w in report.Writes)
        {
            table.Add(w.Target, w.Operation, Count(w.Objects), Count(w.Concurrency), Count(w.ObjectsPerSecond), Ms(w.Latency.P50), Ms(w.Latency.P99), Ms(w.Latency.Max));
        }

        return table;
    }

    public static TextTable FanOut(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Target", "Watchers", "Writes", "Delivered", "p50 ms", "p99 ms", "max ms", "Behind", "Closed", "Write p50 ms");
        foreach (var f in report.FanOut)
        {
            table.Add(
                f.Target,
                Count(f.Watchers),
                Count(f.Writes),
                $"{Count(f.Delivered)} / {Count(f.Expected)}",
                Ms(f.Latency.P50),
                Ms(f.Latency.P99),
                Ms(f.Latency.Max),
                Count(f.Behind),
                Count(f.Closed),
                Ms(f.WriteLatency.P50));
        }

        return table;
    }

    public static TextTable Memory(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Memory;
        return new TextTable("Measure", "Before", "After", "Per object", "Per 100k objects")
            .Add("Managed heap (GC.GetTotalMemory(true))", Bytes(m.HeapBefore), Bytes(m.HeapAfter), PerObject(m.HeapBytesPerObject), Bytes(m.HeapBytesPer100K))
            .Add("Process working set", Bytes(m.WorkingSetBefore), Bytes(m.WorkingSetAfter), PerObject(m.WorkingSetBytesPerObject), Bytes(m.WorkingSetBytesPer100K));
    }

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => Math.Abs(bytes) >= 16L * 1024 * 1024 * 1024
        ? (bytes / (1024 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : Math.Abs(bytes) >= 1024 * 1024
        ? (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";

    private static string PerObject(double bytes) => bytes.ToString("N0", CultureInfo.InvariantCulture) + " B";

    /// <summary>A one-line summary of a fan-out result's health, for prose.</summary>
    public static string Health(FanOutResult f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return f.Behind == 0 && f.Closed == 0 && f.Delivered == f.Expected
            ? "every watcher received every event; none fell behind or was closed"
            : $"{Count(f.Expected - f.Delivered)} events not delivered, {Count(f.Behind)} watchers behind, {Count(f.Closed)} closed by the server";
    }
}
