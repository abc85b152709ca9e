using System.Globalization;
using System.Text;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.Operator.Bench.Report;

/// <summary>The <c>## Operator processes</c> section of docs/benchmarks.md.</summary>
internal static class MarkdownSection
{
    public const string Heading = "## Operator processes";

    public static string Render(BenchReport report, string arguments)
    {
        ArgumentNullException.ThrowIfNull(report);
        var machine = report.Machine;
        var options = report.Options;
        var text = new StringBuilder();
        text.AppendPreamble(Heading, report.Started, "bench/Tdcc.Mesh.Operator.Bench", arguments, machine);
        text.AppendLine();
        text.AppendLine(
            F($"""
            What runs: per size, a hub and M member API servers in the bench process (in-memory `KubeApiServer`s on
            loopback); the real `tdcc hub` process against the hub, the real `tdcc agent` process for member 0, and the
            product's `AgentHost` in the bench process for the other M − 1 members (no listener, no election, as the
            sandbox embeds it), so the hub sees M members join and heartbeat. Member 1 exports the services (a ClusterIP
            Service, one EndpointSlice with {options.EndpointsPerService} ready endpoints and a ServiceExport each); *import* is the
            time until member 0 (the agent process) has them all as ServiceImports with clusterset IPs. After
            {options.Settle.TotalSeconds:0} s at rest, the hub and agent processes are sampled for {options.SampleDuration.TotalSeconds:0} s: RSS (VmRSS, every
            {options.SampleInterval.TotalMilliseconds:0} ms) and CPU (utime + stime over wall time, in cores). Then the hub process gets SIGTERM, member 1
            exports one more service while it is down, and the hub is started again: *ready* is the time from its start
            to `/readyz` 200, *new export imported* the time from its start until member 0 imports that service. A size
            whose import did not complete within {options.ImportTimeout.TotalSeconds:0} s is reported as not converged: its figures were
            sampled while it was still importing (not at rest) and its restart was not measured.
            """));
        text.AppendLine();
        text.Append(ReportTables.Figures(report.Sizes).ToMarkdown());
        text.AppendLine();
        text.AppendLine("Aims of issue 13 (peak RSS while at rest; the aims are stated for 100 members × 1,000 services):");
        text.AppendLine();
        text.Append(ReportTables.Aims(report.Sizes).ToMarkdown());
        return text.ToString();
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
