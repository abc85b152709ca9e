using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Sandbox.Bench;
using Tdcc.Mesh.Sandbox.Networking;

// Sandbox scale: time to ready and memory at 10, 100 and 1,000 members (docs/benchmarks.md "## Sandbox scale").
//   --members 10,100,1000      sizes to measure (each in a fresh child process)
//   --networks loopback,routed layouts (routed needs root; skipped with a line otherwise)
//   --workloads pause,echo     what runs in each member: 3 pods listening on nothing, or the echo demo (exported, imported by all)
//   --write-doc [--doc path]   rewrite the section of docs/benchmarks.md
//   --child N LAYOUT           (internal) measure one size in this process
const string Heading = "## Sandbox scale";
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var arguments = args.ToList();
if (arguments.Count == 4 && arguments[0] == "--child")
{
    var result = await ScaleChild.RunAsync(int.Parse(arguments[1], CultureInfo.InvariantCulture), Enum.Parse<NetworkMode>(arguments[2], ignoreCase: true), arguments[3], cancel.Token);
    Console.WriteLine(JsonSerializer.Serialize(result, ScaleJsonContext.Default.ScaleResult));
    return result.Error is null ? 0 : 1;
}

string Value(string flag, string fallback) => arguments.IndexOf(flag) is >= 0 and var i && i + 1 < arguments.Count ? arguments[i + 1] : fallback;
var sizes = Value("--members", "10,100,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
var layouts = Value("--networks", "loopback,routed").Split(',').Select(s => Enum.Parse<NetworkMode>(s, ignoreCase: true)).ToList();
var workloads = Value("--workloads", "pause").Split(',').ToList();
if (workloads.Any(w => w is not ("pause" or "echo")))
{
    await Console.Error.WriteLineAsync("--workloads takes pause and/or echo");
    return 2;
}

var machine = MachineInfo.Current();
var results = new List<ScaleResult>();
foreach (var layout in layouts)
{
    if (layout != NetworkMode.Loopback && !SandboxNetwork.IsSupported())
    {
        Console.WriteLine($"{layout}: skipped (needs root and iproute2 for network namespaces)");
        continue;
    }

    foreach (var (workload, members) in workloads.SelectMany(w => sizes.Select(n => (w, n))))
    {
        Console.WriteLine($"== {layout.ToString().ToLowerInvariant()}, {members} members, {workload} pods ...");
        var result = await RunChildAsync(members, layout, workload, cancel.Token);
        results.Add(result);
        Console.WriteLine(result.Error ?? string.Create(CultureInfo.InvariantCulture, $"   ready in {result.ReadySeconds:0.0} s, RSS {result.RssMiB:0} MiB (peak {result.PeakRssMiB:0}), {result.Threads} threads, stopped in {result.StopSeconds:0.0} s"));
    }
}

var table = new TextTable("layout", "members", "pods", "ready after", "RSS when ready", "peak RSS", "threads", "stop");
foreach (var r in results)
{
    table.Add(r.Network, r.Members.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{r.Pods} {r.Workload}"),
        r.Error is null ? string.Create(CultureInfo.InvariantCulture, $"{r.ReadySeconds:0.0} s") : "failed: " + r.Error,
        string.Create(CultureInfo.InvariantCulture, $"{r.RssMiB:0} MiB"), string.Create(CultureInfo.InvariantCulture, $"{r.PeakRssMiB:0} MiB"),
        r.Threads.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"{r.StopSeconds:0.0} s"));
}

Console.WriteLine();
Console.Write(table.ToText());
if (arguments.Contains("--write-doc"))
{
    var path = Value("--doc", string.Empty) is { Length: > 0 } doc ? doc : BenchmarksDoc.Find(Directory.GetCurrentDirectory());
    var section = new StringBuilder()
        .AppendLine(Heading)
        .AppendLine()
        .AppendLine("A whole clusterset in one process: the hub and N members, each with its API server, 3 nodes, the simulated controllers, the")
        .AppendLine("mesh (registration agent, MCS agent, clusterset DNS server, service proxy) and a workload of 3 pods: `pause` pods listen on")
        .AppendLine("nothing; `echo` is the demo (3 echo pods serving HTTP and gRPC, `demo/echo` exported by the first member, ready once")
        .AppendLine("every member imported it). Ready = every member joined and every workload available. Each size runs in a fresh")
        .AppendLine("process. Aim (issue 12): 1,000 members ready in under 60 s and under 8 GiB.")
        .AppendLine()
        .AppendLine(string.Create(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cores} cores ({machine.Cpu}), {machine.MemoryBytes / (1L << 30)} GiB, {machine.Runtime}; load average before the run {machine.LoadAverage:0.0}."))
        .AppendLine()
        .AppendLine("```")
        .AppendLine("dotnet run -c Release --project bench/Tdcc.Mesh.Sandbox.Bench -- " + string.Join(' ', args))
        .AppendLine("```")
        .AppendLine()
        .Append(table.ToMarkdown());
    BenchmarksDoc.RewriteSection(path, Heading, section.ToString());
    Console.WriteLine($"wrote the '{Heading}' section of {path}");
}

return results.Any(r => r.Error is not null) ? 1 : 0;

static async Task<ScaleResult> RunChildAsync(int members, NetworkMode layout, string workload, CancellationToken cancellationToken)
{
    var self = Environment.ProcessPath!;
    var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
    if (Path.GetFileNameWithoutExtension(self) == "dotnet")
    {
        start.ArgumentList.Add(typeof(ScaleChild).Assembly.Location);
    }

    foreach (var a in (string[])["--child", members.ToString(CultureInfo.InvariantCulture), layout.ToString(), workload])
    {
        start.ArgumentList.Add(a);
    }

    start.Environment["DOTNET_gcServer"] = "0";
    using var process = Process.Start(start)!;
    var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
    await process.WaitForExitAsync(cancellationToken);
    var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith('{'));
    return last is null
        ? new ScaleResult(layout.ToString().ToLowerInvariant(), members, workload, members * 3, 0, 0, 0, 0, 0, $"child exited {process.ExitCode} without a result")
        : JsonSerializer.Deserialize(last, ScaleJsonContext.Default.ScaleResult)!;
}
