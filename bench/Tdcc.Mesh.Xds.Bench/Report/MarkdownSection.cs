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
            "the client process's CPU time over the same window (it shares the cores: every client CPU second is one the server did not get), " +
            "working set and peak working set of the server process (one process per cell), managed heap after a full collection with every stream still open, total GC pause. " +
            "*EDS per node* is the packed size of the M load assignments one node receives. The client process's CPU time covers its whole run. " +
            $"A cell that does not converge within {o.SyncTimeout.TotalSeconds:0} s (connect, initial sync) or {o.ChangeTimeout.TotalSeconds:0} s (one change) is stopped and reported. " +
            "`TDCC_XDS_BENCH_ALLOCATIONS=1` also prints, per cell, the server's sampled allocations by type (GCAllocationTick events) for the initial sync and the last change; " +
            "`DOTNET_GC*` variables given to the bench apply to the server process only (the client process starts without them), and the *Server GC* column shows what the server ran with.");
        text.AppendLine();
        text.AppendLine("### Convergence");
        text.AppendLine();
        text.Append(ReportTables.Convergence(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Resources");
        text.AppendLine();
        text.Append(ReportTables.Resources(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Allocations and collections");
        text.AppendLine();
        text.AppendLine(
            "Load-independent proxies for the timings above (server process; `GC.GetTotalAllocatedBytes(precise: true)`, `GC.CollectionCount`, `GC.GetTotalPauseDuration`): " +
            "managed bytes allocated and collections during the initial sync and per change (mean, from `SetSnapshot` to the last ACK). A gen2 collection also counts as gen1 and gen0.");
        text.AppendLine();
        text.Append(ReportTables.Allocations(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### What changed since the previous figures");
        text.AppendLine();
        foreach (var line in History)
        {
            text.AppendLine(line);
        }

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

    /// <summary>The server changes behind the figures, and the figures before them (kept by hand: they are not this run's).</summary>
    private static readonly string[] History =
    [
        "- Previous figures (2026-11-22 02:37 UTC, 1-minute load 16.0 to 17.3, same command): 5,000 × 1,000 SotW change p50 2,111 / p99 5,422 ms, " +
            "server CPU 2.05 s per change, peak working set 1.64 GiB, managed heap 578 MiB; delta p50 381 / p99 1,777 ms, CPU 0.23 s per change, " +
            "peak working set 1.51 GiB, managed heap 1.01 GiB. Re-measured with the allocation columns before any change below (2026-11-22 04:00 UTC, load 1.8 to 8.8, 10 changes): " +
            "SotW p50 1,753 / p99 3,534 ms, 2.19 s CPU and 584 MiB allocated per change (120 KiB per stream: every EDS ACK's thousand names parsed into strings), 38 gen0+gen1 collections per change; " +
            "delta p50 354 / p99 1,058 ms, 0.25 s CPU and 14 MiB per change, managed heap 1.07 GiB (about 200 KiB per stream: per-stream version dictionaries), 125 ms GC pause per change.",
        "- SotW requests are read by our own DiscoveryRequest decoder (same accept/reject and fields as the generated parser): `resource_names` stay bytes in a pooled copy of the payload, " +
            "an ACK's names are compared with the last applied list in one `SequenceEqual` and never become strings; applied name lists are interned, one per distinct list for all streams.",
        "- Delta: what each client has is the group's shared resource set it was last brought up to date with plus a per-stream overlay of exceptions, instead of a name → version dictionary per stream and type.",
        "- A stream's loop handles a waiting snapshot change before a waiting request; our gRPC server no longer links a cancellation source per message on a call's own token; " +
            "client request frames are serialized once into a pooled array (the bench clients' own CPU per change fell by about 40%, and they share the server's cores).",
        "- `AddXds` now gives the host's HTTP/2 connections an 8 MiB receive window (`XdsServerOptions.Http2ConnectionWindowSize`; Kestrel's default is 1 MiB): the 100 streams of a connection " +
            "acknowledging one SotW push send some 4 MB at once. A/B at 5,000 × 1,000 SotW, 10 changes (2026-11-22 05:17 UTC, load 3.0 to 9.7): client CPU per change 1.02 → 0.64 s, " +
            "p50 918 → 958 ms, p99 2,084 → 1,381 ms, server CPU 0.58 → 0.57 s, server peak working set 565 → 602 MiB.",
        "- Repeat runs of the aim's cells with this code (20 changes each; the tables above are yet another run): 05:21 UTC full matrix, load 8.3 to 6.0: SotW p50 641 / p99 1,623 ms, " +
            "delta 179 / 344 ms; 05:25 UTC `--streams 5000 --services 1000`, load 6.0 to 9.6: SotW 533 / 791 ms, delta 323 / 919 ms; 05:29 UTC, same, load 1.7 to 3.8: SotW 533 / 827 ms, delta 187 / 376 ms. " +
            "Server peak working set 0.58 to 0.63 GiB (SotW) and 0.92 to 0.96 GiB (delta); server CPU per change 0.49 to 0.54 s (SotW) and 0.18 to 0.21 s (delta), the clients 0.62 to 0.67 s and 0.23 to 0.24 s. " +
            "SotW meets the aim when the machine is not busy and misses it when other builds take the cores: server and clients need about 1.2 CPU seconds per change between them on 2 cores.",
        "- GC settings, measured but not adopted (the figures above run the server with the runtime's defaults): `DOTNET_GCgen0size=0x4000000` (64 MiB gen0 budget) for the server process only, " +
            "5,000 × 1,000, 10 changes, 2026-11-22 04:47 to 04:50 UTC, load 13.4 to 9.7: SotW collections per change 0.5 → 0.2, GC pause per change 53 → 13 ms, CPU 0.47 → 0.48 s, " +
            "p50 1,056 → 815 ms, p99 2,022 → 1,890 ms, peak working set 591 → 579 MiB; delta collections 1.0 → 0.2, pause 111 → 36 ms, CPU 0.20 → 0.18 s, p50 407 → 260 ms, p99 674 → 636 ms, " +
            "peak working set 914 → 881 MiB. The same setting for server and clients at 2,000 × 1,000 SotW (05:06 UTC, load 6.8 to 7.3): server CPU per change 0.21 → 0.18 s, client 0.24 → 0.18 s, " +
            "p50 355 → 294 ms, p99 551 → 430 ms. With a few MiB allocated per change the structural fixes leave the collector little to do; a bigger gen0 budget trims the rest.",
    ];

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
