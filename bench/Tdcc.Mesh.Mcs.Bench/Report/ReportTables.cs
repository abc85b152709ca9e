using System.Globalization;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.Mcs.Bench.Report;

/// <summary>The tables of a report: propagation, convergence and memory.</summary>
internal static class ReportTables
{
    public static TextTable Propagation(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Services", "Path", "Changes", "p50 ms", "p99 ms", "max ms", "Missed", "Zone builds per member");
        foreach (var s in report.Sizes)
        {
            table.Add(Count(s.Services), "imported EndpointSlice (watch)", Count(s.Slice.Count), Ms(s.Slice.P50), Ms(s.Slice.P99), Ms(s.Slice.Max), Count(s.Missed), "–");
            table.Add(Count(s.Services), "clusterset.local A answer (UDP)", Count(s.Dns.Count), Ms(s.Dns.P50), Ms(s.Dns.P99), Ms(s.Dns.Max), Count(s.Missed), Count(s.ChangeZoneBuilds));
        }

        return table;
    }

    public static TextTable Convergence(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Services", "Objects created", "Creates s", "All slices imported s", "All DNS answers s", "ServiceImports per member", "Zone builds per member", "Heap after", "Working set after");
        foreach (var s in report.Sizes)
        {
            table.Add(
                Count(s.Services),
                Count(s.SetupWrites),
                Seconds(s.SetupWritesTime),
                Seconds(s.SliceConvergence),
                Seconds(s.DnsConvergence),
                Count(s.ImportsPerMember),
                Count(s.ConvergenceZoneBuilds),
                $"{Bytes(s.Memory.HeapAfter)} (+{Bytes(s.Memory.HeapAfter - s.Memory.HeapBefore)})",
                $"{Bytes(s.Memory.WorkingSetAfter)} (+{Bytes(s.Memory.WorkingSetAfter - s.Memory.WorkingSetBefore)})");
        }

        return table;
    }

    public static TextTable ZoneBuild(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var table = new TextTable("Services", "Names in zone", "Wall ms per build", "CPU ms per build", "Allocated per build");
        foreach (var s in report.Sizes)
        {
            table.Add(Count(s.Services), Count(s.ZoneBuild.Names), Ms(s.ZoneBuild.Wall), Ms(s.ZoneBuild.Cpu), Bytes(s.ZoneBuild.AllocatedBytes));
        }

        return table;
    }

    public static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Bytes(double bytes) => Math.Abs(bytes) >= 16L * 1024 * 1024 * 1024
        ? (bytes / (1024 * 1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB"
        : Math.Abs(bytes) >= 1024 * 1024
        ? (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB"
        : (bytes / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " KiB";
}
