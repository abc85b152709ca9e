using System.Globalization;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Operator.Bench.Measurement;

namespace Tdcc.Mesh.Operator.Bench.Report;

/// <summary>The figures as a table, shared by the console and the doc.</summary>
internal static class ReportTables
{
    /// <summary>Issue 13's aims: an agent under 150 MiB working set, the hub under 1 GiB (at 100 members × 1,000 services).</summary>
    public const double AgentAimMiB = 150;

    public const double HubAimMiB = 1024;

    public static TextTable Figures(IEnumerable<SizeResult> sizes)
    {
        var table = new TextTable(
            "members × services",
            "join (s)",
            "import (s)",
            "hub RSS peak / avg (MiB)",
            "hub CPU (cores)",
            "agent RSS peak / avg (MiB)",
            "agent CPU (cores)",
            "hub restart: ready (s)",
            "restart: new export imported (s)",
            "run (s)");
        foreach (var size in sizes)
        {
            table.Add(
                F($"{size.Members} × {size.Services:N0}"),
                F($"{size.Join.TotalSeconds:0.0}"),
                size.Converged ? F($"{size.Import.TotalSeconds:0.0}") : F($"not converged: {size.Imported:N0} of {size.Services:N0} after {size.Import.TotalSeconds:0}"),
                F($"{size.Hub.PeakRssMiB:0} / {size.Hub.AverageRssMiB:0}"),
                F($"{size.Hub.Cores:0.000}"),
                F($"{size.Agent.PeakRssMiB:0} / {size.Agent.AverageRssMiB:0}"),
                F($"{size.Agent.Cores:0.000}"),
                size.HubReady is { } ready ? F($"{ready.TotalSeconds:0.00}") : "not measured",
                size.NewExportImported is { } imported ? F($"{imported.TotalSeconds:0.00}") : "not measured",
                F($"{size.Total.TotalSeconds:0}"));
        }

        return table;
    }

    public static TextTable Aims(IEnumerable<SizeResult> sizes)
    {
        var table = new TextTable("members × services", "agent peak RSS < 150 MiB", "hub peak RSS < 1 GiB");
        foreach (var size in sizes)
        {
            table.Add(
                F($"{size.Members} × {size.Services:N0}"),
                Verdict(size, size.Agent.PeakRssMiB, AgentAimMiB),
                Verdict(size, size.Hub.PeakRssMiB, HubAimMiB));
        }

        return table;
    }

    private static string Verdict(SizeResult size, double mib, double aim) =>
        size.Converged
            ? F($"{(mib < aim ? "met" : "NOT met")} ({mib:0} MiB)")
            : F($"not measured at rest (did not converge; {mib:0} MiB while importing)");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
