using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Mcs.Bench.Report;

/// <summary>The report as the console shows it.</summary>
internal static class ConsoleReport
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var m = report.Machine;
        var o = report.Options;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Multi-cluster services benchmark{(o.Quick ? " (--quick)" : string.Empty)}: {m.Cores} cores, {ReportTables.Bytes(m.MemoryBytes)}, load {m.LoadAverage:0.00} → {report.LoadAverageAfter:0.00}, {m.Runtime}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Endpoint propagation ({o.Members} members, one endpoint's ready condition flipped per change; latency from the write to the last other member)");
        text.Append(ReportTables.Propagation(report).ToText());
        text.AppendLine();
        text.AppendLine("Initial convergence and memory (the whole process: hub, members, agents, DNS servers)");
        text.Append(ReportTables.Convergence(report).ToText());
        text.AppendLine();
        text.AppendLine("One full clusterset.local zone build (ZoneSnapshot.Build, the agent's first update; later updates are incremental), alone");
        text.Append(ReportTables.ZoneBuild(report).ToText());
        return text.ToString();
    }
}
