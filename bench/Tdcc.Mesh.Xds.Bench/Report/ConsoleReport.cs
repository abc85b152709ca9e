using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Xds.Bench.Report;

/// <summary>The report as the console shows it.</summary>
internal static class ConsoleReport
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"xDS benchmark{(report.Options.Quick ? " (--quick)" : string.Empty)}: {m.Cores} cores, {ReportTables.Bytes(m.MemoryBytes)}, load {m.LoadAverage:0.00} before / {report.LoadAfter:0.00} after, {m.Runtime}");
        text.AppendLine();
        text.AppendLine("Convergence (from SetSnapshot to each stream's ACK, as the server receives it)");
        text.Append(ReportTables.Convergence(report).ToText());
        text.AppendLine();
        text.AppendLine("Resources (server process; clients run in a child process)");
        text.Append(ReportTables.Resources(report).ToText());
        text.AppendLine();
        text.AppendLine("Allocations and collections (server process, per change: from SetSnapshot to the last ACK, mean)");
        text.Append(ReportTables.Allocations(report).ToText());
        foreach (var cell in report.AimCells)
        {
            text.AppendLine();
            text.AppendLine($"Aim {(BenchReport.MeetsAim(cell) ? "met" : "missed")} ({ReportTables.Protocol(cell)}): 5,000 streams x 1,000 services, p99 < 1 s, server peak working set < 1.5 GB.");
        }

        return text.ToString();
    }
}
