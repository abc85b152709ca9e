using System.Globalization;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench.Measurement;

namespace Tdcc.Mesh.Distribution.Bench.Report;

/// <summary>The tables of the report, for the console and the doc.</summary>
internal static class ReportTables
{
    /// <summary>Karmada's published scheduling P99 at 100 clusters (v1.3 test report), the aim's bound.</summary>
    public const double KarmadaP99Ms = 32;

    /// <summary>The aim's throughput at 1,000 clusters.</summary>
    public const double AimDecisionsPerSecond = 500;

    public static TextTable Figures(IEnumerable<PhaseResult> phases)
    {
        var table = new TextTable("clusters", "threads", "phase", "decisions", "decisions/s", "p50 (ms)", "p99 (ms)", "max (ms)", "CPU p50 / p99 (ms)", "unschedulable", "placements/decision");
        foreach (var p in phases)
        {
            table.Add(
                F($"{p.Clusters:N0}"), F($"{p.Threads}"), p.Phase, F($"{p.Latency.Count:N0}"), F($"{p.DecisionsPerSecond:N0}"),
                F($"{p.Latency.P50Ms:0.000}"), F($"{p.Latency.P99Ms:0.000}"), F($"{p.Latency.MaxMs:0.0}"),
                p.Cpu is { } cpu ? F($"{cpu.P50Ms:0.000} / {cpu.P99Ms:0.000}") : "n/a", F($"{p.Unschedulable:N0}"), F($"{p.AveragePlacements:0.0}"));
        }

        return table;
    }

    /// <summary>The aim of issue 15 (p99 &lt; 32 ms and &gt; 500 decisions/s at 1,000 clusters), per measured row at that size.</summary>
    public static TextTable Aims(IEnumerable<PhaseResult> phases)
    {
        var table = new TextTable("clusters", "threads", "phase", "p99 < 32 ms (wall)", "CPU p99 < 32 ms", "> 500 decisions/s");
        foreach (var p in phases.Where(p => p.Clusters >= 1_000))
        {
            table.Add(
                F($"{p.Clusters:N0}"), F($"{p.Threads}"), p.Phase,
                p.Latency.P99Ms < KarmadaP99Ms ? F($"met ({p.Latency.P99Ms:0.00} ms)") : F($"NOT met ({p.Latency.P99Ms:0.00} ms)"),
                p.Cpu is not { } cpu ? "n/a" : cpu.P99Ms < KarmadaP99Ms ? F($"met ({cpu.P99Ms:0.00} ms)") : F($"NOT met ({cpu.P99Ms:0.00} ms)"),
                p.DecisionsPerSecond > AimDecisionsPerSecond ? F($"met ({p.DecisionsPerSecond:N0}/s)") : F($"NOT met ({p.DecisionsPerSecond:N0}/s)"));
        }

        return table;
    }

    public static string Line(PhaseResult p) =>
        F($"{p.Clusters,6:N0} clusters, {p.Threads} thread(s), {p.Phase,-11}: {p.DecisionsPerSecond,9:N0} decisions/s, p50 {p.Latency.P50Ms:0.000} ms, p99 {p.Latency.P99Ms:0.000} ms, max {p.Latency.MaxMs:0.0} ms, CPU p99 {p.Cpu?.P99Ms ?? double.NaN:0.000} ms");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
