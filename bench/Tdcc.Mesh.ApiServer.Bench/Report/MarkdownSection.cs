using System.Globalization;
using System.Text;

namespace Tdcc.Mesh.ApiServer.Bench.Report;

/// <summary>The <c>## API server</c> section of docs/benchmarks.md for a report.</summary>
internal static class MarkdownSection
{
    public const string Project = "bench/Tdcc.Mesh.ApiServer.Bench";

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
            "`bench/Tdcc.Mesh.ApiServer.Bench` measures the sandbox API server (`KubeApiServer.StartAsync`, its own Kestrel " +
            "listener on loopback, store persisted to a data directory on the local disk, every write fsynced before its response) over real HTTP/1.1 (and the writes again over its secure listener, TLS with HTTP/2 by ALPN, same server and run) with our client (`Tdcc.Mesh.Kube.KubeClient`, typed " +
            "`ConfigMap`s), in the same process as the server. etcd runs beside it for context: kube-apiserver stores objects " +
            "in etcd, so etcd's raw throughput is an upper anchor for a real API server on the same machine.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Measured {report.Started:yyyy-MM-dd HH:mm} UTC with `dotnet run -c Release --project {Project} -- {arguments}` (`make bench ARGS=\"{arguments}\"` runs it along with the other benchmarks).");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {m.Cores} cores ({m.Cpu}), {ReportTables.Bytes(m.MemoryBytes)} memory, {m.Os}, {m.Runtime}, {report.EtcdVersion ?? "no etcd"}.");
        if (m.Busy)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- **The machine was busy**: 1-minute load average {m.LoadAverage:0.0} on {m.Cores} cores when the run started (other engineers' builds and tests). Server, clients and etcd share those cores, so the figures are noisy and pessimistic; compare rows of one run rather than runs.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- 1-minute load average {m.LoadAverage:0.0} when the run started. Server, clients and etcd share the same cores.");
        }

        if (o.Quick)
        {
            text.AppendLine("- **`--quick` sizes** (smoke run): not representative.");
        }

        text.AppendLine();
        text.AppendLine("### Writes");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{ReportTables.Count(o.Objects)} ConfigMaps of {report.ObjectBytes} B (request body) created (POST) with {o.Concurrency} requests in flight, then each updated once (PUT with its resourceVersion). " +
            $"Objects/s is objects over the wall time of the phase; latencies are per request, measured by the client. A warm-up run in another namespace comes first. " +
            $"etcd gets the same JSON bytes as keys `/registry/configmaps/<ns>/<name>` through its HTTP/JSON gateway (`/v3/kv/txn`, raw `HttpClient`), " +
            $"with kube-apiserver's preconditions (create: `create_revision = 0`; update: `mod_revision` as read), fsync on every commit (etcd defaults, data directory on the local disk). " +
            $"Both sides fsync: the API server answers a write only once its log record is on disk, concurrent writes sharing one fsync (group commit, as etcd batches its WAL).");
        text.AppendLine();
        text.Append(ReportTables.Writes(report).ToMarkdown());
        text.AppendLine();
        text.AppendLine("### Watch fan-out");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{ReportTables.Count(o.Watchers)} watchers on the ConfigMaps of one namespace, each its own HTTP watch stream (`KubeClient.WatchAsync`, one TCP connection each). " +
            $"Once all are established, one writer updates a ConfigMap there {ReportTables.Count(o.FanOutWrites)} times, each write {o.FanOutInterval.TotalMilliseconds:0} ms after the previous response. " +
            $"Latency runs from the moment the writer has a write's response to the moment each watcher has decoded that event (every watcher × write pair); " +
            $"an event that arrives before the response counts as 0. " +
            $"*Behind* = watchers still missing events {o.FanOutGrace.TotalSeconds:0} s after the last write; *Closed* = streams the server ended (its per-watch queue holds 1024 events). " +
            $"The watchers decode every event in the same process and on the same cores as the server, so the figures include the clients' own work. " +
            $"etcd's row is the same with etcd watch streams (`/v3/watch` through the gateway, raw `HttpClient`) on the key prefix; a real kube-apiserver keeps one etcd watch per resource and fans out from its watch cache, so this row is etcd's own fan-out, not kube-apiserver's.");
        text.AppendLine();
        text.Append(ReportTables.FanOut(report).ToMarkdown());
        text.AppendLine();
        foreach (var f in report.FanOut)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {f.Target}: {ReportTables.Health(f)}; {ReportTables.Count(f.EarlyDeliveries)} deliveries arrived before the write's response.");
        }

        text.AppendLine();
        text.AppendLine("### Memory");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{ReportTables.Count(report.Memory.Objects)} small ConfigMaps ({report.Memory.ObjectJsonBytes} B of JSON as written, one data key; {report.Memory.StoredJsonBytes} B as stored with the server's metadata) written straight into the store through `IApiStore.CreateObject` " +
            $"(same create semantics as REST, {ReportTables.Count(report.Memory.ObjectsPerSecond)} objects/s, far faster than HTTP, same memory held). " +
            $"Before and after: `GC.GetTotalMemory(true)` and the process working set (workstation GC). The figures include the store's indexes " +
            $"and its history of the last 10,000 events kept for watch resume.");
        text.AppendLine();
        text.Append(ReportTables.Memory(report).ToMarkdown());
        if (report.EtcdMissing is not null)
        {
            text.AppendLine();
            text.AppendLine("etcd was not measured: " + report.EtcdMissing);
        }

        return text.ToString();
    }
}
