using System.Globalization;
using System.Runtime;
using System.Text;
using Tdcc.Mesh.Xds.Bench.Workload;

namespace Tdcc.Mesh.Xds.Bench.Report;

/// <summary>The <c>## xDS</c> section of docs/benchmarks.md for a report.</summary>
internal static class MarkdownSection
{
    public const string Project = "bench/Tdcc.Mesh.Xds.Bench";

    public const string IstioAnchor =
        "istiod needs about 1 vCPU and 1.5 GB of memory for 1,000 services and 2,000 sidecars " +
        "([Istio: Performance and Scalability](https://istio.io/latest/docs/ops/deployment/performance-and-scalability/))";

    public const string JavaControlPlaneAnchor =
        "java-control-plane on 2 cores struggled at 100 Envoys " +
        "([envoyproxy/java-control-plane#89](https://github.com/envoyproxy/java-control-plane/issues/89))";

    /// <summary>The section; <paramref name="arguments"/> are the program's arguments, recorded in the command.</summary>
    public static string Render(BenchReport report, string arguments)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var m = report.Machine;
        var text = new StringBuilder();
        text.AppendLine(DocSection.Heading);
        text.AppendLine();
        text.AppendLine(
            "`bench/Tdcc.Mesh.Xds.Bench` measures our xDS server (`AddXds`/`MapXds` on Kestrel h2c, 127.0.0.1, default options, " +
            "`NodeHashes.ByCluster`) against N real ADS streams × M services: how long an endpoint change takes to be ACKed by every " +
            "stream, the initial full sync, and the server's CPU and memory.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Measured {report.Started:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project {Project} -- {arguments}` (`make bench ARGS=\"{arguments}\"` runs it through `scripts/bench.sh` along with the other benchmarks).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cores} cores (`nproc`; {m.Cpu}), {ReportTables.Bytes(m.MemoryBytes)} memory, {m.Os}, {m.Runtime}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC.");
        var load = $"1-minute load average {m.LoadAverage:0.0} when the run started and {report.LoadAfter:0.0} when it ended (`uptime`), on {m.Cores} cores";
        text.AppendLine(m.Busy || report.LoadAfter > m.Cores * 0.5
            ? $"- **The machine was shared and busy**: {load} (other engineers' builds and tests). Server and clients share those cores too, so the figures are pessimistic; compare rows of one run rather than runs."
            : $"- {load}. Server and clients share the same cores.");
        if (o.Quick)
        {
            text.AppendLine("- **`--quick` sizes** (smoke run): not representative.");
        }

        text.AppendLine();
        text.AppendLine("How it works:");
        text.AppendLine();
        text.AppendLine(
            $"- **Model**: M services in 10 namespaces, one gRPC port each, {SyntheticClusterSet.EndpointsPerCluster} ready endpoints in each of the clusters east, west and edge, " +
            "translated by `ClusterSetTranslator.TranslatePerCluster` into one snapshot per node cluster (M Listeners, RouteConfigurations, Clusters and ClusterLoadAssignments each; " +
            "only the load assignments differ per cluster).");
        text.AppendLine(
            $"- **Clients**: a child process of the same binary (so the server's CPU and memory are its own) opens N ADS streams with our `GrpcChannel`, " +
            $"{ClientFleet()} streams per HTTP/2 connection (one channel each; Kestrel allows 100 streams per connection), nodes split round-robin over east/west/edge. " +
            "Each stream behaves like an Envoy sidecar: CDS as a legacy wildcard (empty first request, node in the first request only), then EDS naming every EDS cluster it got; " +
            "every response is ACKed with its version and nonce. *SotW* (StreamAggregatedResources): every EDS ACK names the whole subscription again, as SotW requires. " +
            "*delta* (DeltaAggregatedResources, Envoy's `DELTA_GRPC`): EDS is subscribed once and an ACK carries only the nonce.");
        text.AppendLine(
            $"- **Initial sync**: the streams connect and ask for CDS before any snapshot exists; then the 3 snapshots are set and the figure is, per stream, the time from `SetSnapshot` " +
            "to its EDS ACK (CDS is pushed, the client asks for EDS, gets it and ACKs). *Last* is the slowest stream.");
        text.AppendLine(
            $"- **Changes**: {o.Changes} times, {o.ChangeInterval.TotalMilliseconds:0} ms after the previous change converged, one endpoint of one service in east flips between ready and not ready " +
            "(a new model, translated again: *Translate ms*), and the 3 snapshots are set; the load assignment changes for every node cluster, so every stream gets one EDS response. " +
            "Per stream, the time runs from `SetSnapshot` (the cache; no debouncer in the path: with `SnapshotDebounceOptions` defaults, QuietPeriod 100 ms and MaxDelay 10 s, " +
            "add the 100 ms quiet period) to the server receiving that stream's ACK: the server's own `tdcc.xds.convergence.time` measurements, read with a `MeterListener`. " +
            "*Change p50/p99/max* are over every stream × change; *Last ACK p50* is the median over changes of the time until the last stream ACKed.");
        text.AppendLine(
            $"- **Resources**: server process CPU time (`Process.TotalProcessorTime`) during the initial sync and per change (from `SetSnapshot` to the last ACK, translation excluded), " +
            "working set and peak working set of the server process (one process per cell), managed heap after a full collection with every stream still open, total GC pause. " +
            "*EDS per node* is the packed size of the M load assignments one node receives. The client process's CPU time covers its whole run. " +
            $"A cell that does not converge within {o.SyncTimeout.TotalSeconds:0} s (connect, initial sync) or {o.ChangeTimeout.TotalSeconds:0} s (one change) is stopped and reported.");
        text.AppendLine();
        text.AppendLine("### Convergence");
        text.AppendLine();
        text.Append(ReportTables.Convergence(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Resources");
        text.AppendLine();
        text.Append(ReportTables.Resources(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Aim and anchors");
        text.AppendLine();
        text.AppendLine("- Aim: 5,000 streams × 1,000 services on 2 cores, p99 convergence under 1 s, under 1.5 GB. " + AimVerdict(report));
        text.AppendLine("- Anchor: " + IstioAnchor + ".");
        text.AppendLine("- Anchor: " + JavaControlPlaneAnchor + ".");
        text.AppendLine(
            "- These anchors are other control planes on other machines and workloads (istiod also serves listeners, routes and secrets to full sidecars); " +
            "they frame the order of magnitude, they are not a like-for-like comparison.");
        return text.ToString();
    }

    private static int ClientFleet() => Clients.ClientFleet.StreamsPerConnection;

    private static string AimVerdict(BenchReport report)
    {
        if (report.AimCells.Count == 0)
        {
            return "(Not measured in this run.)";
        }

        return string.Join(" ", report.AimCells.Select(cell =>
        {
            var memory = ReportTables.Bytes(cell.PeakWorkingSetBytes);
            var protocol = ReportTables.Protocol(cell);
            return cell.Failure is not null
                ? $"{protocol}: **missed**, the cell was stopped ({cell.Failure})."
                : BenchReport.MeetsAim(cell)
                ? $"{protocol}: **met** (p99 {ReportTables.Ms(cell.Change.P99Ms)} ms, server peak working set {memory})."
                : $"{protocol}: **missed** (p99 {ReportTables.Ms(cell.Change.P99Ms)} ms, server peak working set {memory}).";
        }));
    }

}
