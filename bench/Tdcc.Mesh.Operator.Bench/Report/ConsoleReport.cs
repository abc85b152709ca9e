using System.Text;

namespace Tdcc.Mesh.Operator.Bench.Report;

/// <summary>The figures for the console.</summary>
internal static class ConsoleReport
{
    public static string Render(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine("Operator processes (tdcc hub and one tdcc agent as real processes; RSS and CPU sampled at rest)");
        text.Append(ReportTables.Figures(report.Sizes).ToText());
        text.AppendLine();
        text.Append(ReportTables.Aims(report.Sizes).ToText());
        return text.ToString();
    }
}
