using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.Mcs.Bench.Report;

/// <summary>The <c>## Multi-cluster services</c> section of docs/benchmarks.md for a report.</summary>
internal static class MarkdownSection
{
    public const string Project = "bench/Tdcc.Mesh.Mcs.Bench";

    /// <summary>The section; <paramref name="arguments"/> are the program's arguments, recorded in the command.</summary>
    public static string Render(BenchReport report, string arguments)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(DocSection.Heading);
        text.AppendLine();
        text.Append(CultureInfo.InvariantCulture,
            $"`{Project}` measures endpoint propagation of `Tdcc.Mesh.Mcs` (docs/mcs.md): an EndpointSlice change in one member until every " +
            $"other member's imported EndpointSlice and `clusterset.local` DNS answer show it. Everything runs in one process over real HTTP on " +
            $"loopback: a hub and {o.Members} members, each a `KubeApiServer` (memory-only store), `McsHub` on the hub, and per member an " +
            $"`McsAgent` (Flat addressing, default options: 2 workers per controller) with its own member and hub clients and a " +
            $"`ClusterSetDnsServer` on its own UDP port. The benchmark writes and watches through separate `KubeClient`s.").AppendLine();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Measured {report.Started:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project {Project} -- {arguments}` (`make bench ARGS=\"{arguments}\"` runs it along with the other benchmarks).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cores} cores ({m.Cpu}), {ReportTables.Bytes(m.MemoryBytes)} memory, {m.Os}, {m.Runtime}.");
        if (m.Busy)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- **The machine was busy**: 1-minute load average {m.LoadAverage:0.0} when the run started and {report.LoadAverageAfter:0.0} when it ended, on {m.Cores} cores (other engineers' builds and tests). " +
                $"Four API servers, four MCS runtimes, three DNS servers and the load generator share those cores, so the figures are noisy and pessimistic.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- 1-minute load average {m.LoadAverage:0.0} when the run started and {report.LoadAverageAfter:0.0} when it ended. Every component and the load generator share the same cores.");
        }

        if (o.Quick)
        {
            text.AppendLine("- **`--quick` sizes** (smoke run): not representative.");
        }

        text.AppendLine();
        text.AppendLine("### Endpoint propagation");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Workload: N headless Services over {o.Namespaces} namespaces, service *i* exported by member *i* mod {o.Members}, each with one EndpointSlice of " +
            $"{o.EndpointsPerService} ready endpoints written directly (no endpoint controller), so every member imports all N (exporters included). " +
            $"Once every member holds all N imported slices and its DNS answers every service with every endpoint, {ReportTables.Count(o.Changes)} changes run one at a time: " +
            $"each flips the ready condition of one endpoint of a different service (a PUT of the source member's slice), and the next starts " +
            $"{o.Pause.TotalMilliseconds:0} ms after the previous one reached every member. Latency runs from just before the PUT is sent to the moment the **last** other member shows it: " +
            $"*imported EndpointSlice* = decoded from a watch on that member's imported slices (`managed-by=tdcc-mesh.io`); " +
            $"*DNS* = an A query for `<svc>.<ns>.svc.clusterset.local` to that member's server over UDP, asked every {o.DnsPollInterval.TotalMilliseconds:0} ms, whose answer gains or loses the address " +
            $"(so the DNS figures carry up to {o.DnsPollInterval.TotalMilliseconds:0} ms of polling). Path: member slice → agent export → hub slice copy → each agent's import → member slice → zone rebuild.");
        text.AppendLine();
        text.Append(ReportTables.Propagation(report).ToMarkdown());
        text.AppendLine();
        AppendFindings(text, report);
        text.AppendLine();
        text.AppendLine("### Initial convergence and memory");
        text.AppendLine();
        text.AppendLine(
            "From the first create (Service, EndpointSlice, ServiceExport per service, 8 in flight) to every member holding every imported slice with every endpoint, " +
            "and to every member's DNS answering every service with every endpoint (checked one query at a time after the slices, so it includes N × members queries). " +
            "Memory is the whole process (four API servers with their stores, the hub and agents with their caches, the DNS zones, the benchmark's watches) after convergence; " +
            "in brackets, the growth over the process before the clusterset started (`GC.GetTotalMemory(true)` and working set, workstation GC).");
        text.AppendLine();
        text.Append(ReportTables.Convergence(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Zone rebuild cost");
        text.AppendLine();
        text.AppendLine(
            "The agent's `ZonePublisher` builds the member's whole `clusterset.local` zone once, then on every change of an imported slice or " +
            "ServiceImport rebuilds only the changed services' names (`ZoneSnapshot.Apply`, unchanged services' names reused; changes arriving while " +
            "an update runs are merged into the next one) and swaps the snapshot into the server. For reference, one full `ZoneSnapshot.Build` of the " +
            "same zone (N headless services, one named port, each endpoint under its source cluster), measured alone before the clusterset started " +
            "(mean of 10 after 3 warm-up builds; CPU is the process's, so on a busy machine wall time exceeds it):");
        text.AppendLine();
        text.Append(ReportTables.ZoneBuild(report).ToMarkdown());
        return text.ToString();
    }

    /// <summary>What the figures say about the aim and about where the DNS time goes.</summary>
    private static void AppendFindings(StringBuilder text, BenchReport report)
    {
        var largest = report.Sizes.MaxBy(s => s.Services);
        if (largest is null)
        {
            return;
        }

        var worst = largest.Dns.P99 > largest.Slice.P99 ? largest.Dns.P99 : largest.Slice.P99;
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- Aim (p99 propagation under 1 s at 1,000 services): at {ReportTables.Count(largest.Services)} services the slowest path's p99 is {ReportTables.Ms(worst)} ms, " +
            $"{(worst < TimeSpan.FromSeconds(1) ? "within" : "**over**")} the aim ({(largest.Services >= 1_000 ? "measured size" : "smaller than the aim's size")}).");
        foreach (var s in report.Sizes)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {ReportTables.Count(s.Services)} services: DNS p50 − slice p50 = {ReportTables.Ms(s.Dns.P50 - s.Slice.P50)} ms; one zone build alone takes " +
                $"{ReportTables.Ms(s.ZoneBuild.Cpu)} ms CPU ({ReportTables.Ms(s.ZoneBuild.Wall)} ms wall) and allocates {ReportTables.Bytes(s.ZoneBuild.AllocatedBytes)}; " +
                $"while converging each member published {ReportTables.Count(s.ConvergenceZoneBuilds)} incremental zone updates (of 0 to {ReportTables.Count(s.ZoneBuild.Names)} names); " +
                $"the process used {ReportTables.Seconds(s.ConvergenceCpu)} s CPU in that phase.");
        }

        text.AppendLine(
            "- The slice path (export, hub copy, import) does not grow with N, and neither does the DNS path: each update rebuilds only the " +
            "changed services' names (`ZonePublisher` → `ZoneSnapshot.Apply`); a full `ZoneSnapshot.Build` runs once, on the agent's first update.");
    }
}
