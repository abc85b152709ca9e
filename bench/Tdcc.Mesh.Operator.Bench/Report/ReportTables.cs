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
                F($"{size.Import.TotalSeconds:0.0}"),
                F($"{size.Hub.PeakRssMiB:0} / {size.Hub.AverageRssMiB:0}"),
                F($"{size.Hub.Cores:0.000}"),
                F($"{size.Agent.PeakRssMiB:0} / {size.Agent.AverageRssMiB:0}"),
                F($"{size.Agent.Cores:0.000}"),
                F($"{size.HubReady.TotalSeconds:0.00}"),
                F($"{size.NewExportImported.TotalSeconds:0.00}"),
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
                Verdict(size.Agent.PeakRssMiB, AgentAimMiB),
                Verdict(size.Hub.PeakRssMiB, HubAimMiB));
        }

        return table;
    }

    private static string Verdict(double mib, double aim) => F($"{(mib < aim ? "met" : "NOT met")} ({mib:0} MiB)");

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
