using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Tdcc.Mesh.Dns;
using Tdcc.Mesh.Dns.Bench;
using Tdcc.Mesh.Dns.Zones;

// Compares our server with NSD under dnsperf: same synthetic zone, same query file, same machine.
// Usage: dotnet run -c Release --project bench/Tdcc.Mesh.Dns.Bench -- [--duration 10] [--clients 4] [--rounds 3] [--sizes 100,1000] [--quick] [--write-doc]
// --write-doc rewrites the '## DNS' section of docs/benchmarks.md (the flag every benchmark shares, so `make bench ARGS=--write-doc` works).
var duration = 10;
var rounds = 3;
var clients = 4;
int[] sizes = [100, 1000];
var write = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--duration":
            duration = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--rounds":
            rounds = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--clients":
            clients = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--sizes":
            sizes = [.. args[++i].Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture))];
            break;
        case "--write-doc":
            write = true;
            break;
        case "--quick":
            duration = 3;
            rounds = 1;
            sizes = [100];
            break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}");
            return 2;
    }
}

var nsd = NsdServer.FindExecutable();
var missing = new List<string>();
if (nsd is null)
{
    missing.Add("nsd");
}

foreach (var tool in (string[])["dnsperf", "dig"])
{
    if (!Environment.GetEnvironmentVariable("PATH")!.Split(':').Any(dir => File.Exists(Path.Combine(dir, tool))))
    {
        missing.Add(tool);
    }
}

if (missing.Count > 0)
{
    Console.Error.WriteLine($"missing {string.Join(", ", missing)}: run 'make deps'");
    return 2;
}

var serverCount = Math.Max(2, Environment.ProcessorCount);
var loadBefore = LoadAverage();
var rows = new List<BenchmarkRow>();
var dnsperfCommand = string.Empty;
var warmupSeconds = Math.Min(3, duration).ToString(CultureInfo.InvariantCulture);
foreach (var size in sizes)
{
    var synthetic = SyntheticZone.Create(size);
    var zone = ZoneSnapshot.Build(synthetic.Services);
    var queryFile = Path.Combine(Path.GetTempPath(), $"tdcc-dns-bench-queries-{size}.txt");
    await File.WriteAllLinesAsync(queryFile, synthetic.Queries);

    string[] PerfArguments(int port, string seconds) =>
        ["-s", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-d", queryFile, "-l", seconds, "-c", clients.ToString(CultureInfo.InvariantCulture)];

    async Task<DnsPerfResult> MeasureAsync(string server, int port)
    {
        await ProcessRunner.RunAsync("dnsperf", PerfArguments(port, warmupSeconds), TimeSpan.FromMinutes(2), CancellationToken.None);
        var arguments = PerfArguments(port, duration.ToString(CultureInfo.InvariantCulture));
        var command = ProcessRunner.CommandLine("dnsperf", arguments);
        Console.WriteLine($"{server}, {size} services: {command}");
        dnsperfCommand = ProcessRunner.CommandLine("dnsperf", PerfArguments(0, duration.ToString(CultureInfo.InvariantCulture)))
            .Replace("-p 0", "-p <port>", StringComparison.Ordinal)
            .Replace(queryFile, $"$TMP/tdcc-dns-bench-queries-<N>.txt", StringComparison.Ordinal);
        var (exitCode, output) = await ProcessRunner.RunAsync("dnsperf", arguments, TimeSpan.FromSeconds(duration + 60), CancellationToken.None);
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dnsperf failed: " + output);
        }

        return DnsPerfResult.Parse(output);
    }

    await using (var ours = ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Port = 0, UdpConcurrency = serverCount }, zone))
    {
        var port = ours.UdpEndpoint.Port;
        await using var theirs = await StartNsdAsync(nsd!, zone, serverCount);
        var nsdPort = theirs.Port;
        var mismatches = await CompareAsync(synthetic.Queries.Take(40), port, nsdPort);
        Console.WriteLine($"{size} services: {mismatches} of 40 sampled answers differ between our server and NSD");
        // Alternate which server goes first so load from other processes on the machine hits both alike.
        var ourRounds = new List<DnsPerfResult>();
        var nsdRounds = new List<DnsPerfResult>();
        for (var round = 0; round < rounds; round++)
        {
            if (round % 2 == 0)
            {
                ourRounds.Add(await MeasureAsync("Tdcc.Mesh.Dns", port));
                nsdRounds.Add(await MeasureAsync("NSD", nsdPort));
            }
            else
            {
                nsdRounds.Add(await MeasureAsync("NSD", nsdPort));
                ourRounds.Add(await MeasureAsync("Tdcc.Mesh.Dns", port));
            }
        }

        rows.Add(new BenchmarkRow("Tdcc.Mesh.Dns", size, zone.NameCount, ourRounds));
        rows.Add(new BenchmarkRow($"NSD {NsdVersion(nsd!)}", size, zone.NameCount, nsdRounds));
    }
}

var table = BenchmarkReport.Table(rows);
Console.WriteLine();
Console.WriteLine(table);
if (write)
{
    var root = FindRepoRoot();
    var section = string.Create(CultureInfo.InvariantCulture, $"""
        ## DNS

        `Tdcc.Mesh.Dns` (the `clusterset.local` server) against NSD on the same zone and the same query file,
        measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores ({RuntimeInformation.OSDescription}, .NET {Environment.Version}),
        with load generator and server sharing those cores. Command: `make bench ARGS=--write-doc` (which runs
        `dotnet run -c Release --project bench/Tdcc.Mesh.Dns.Bench -- --write-doc`). Each measurement is a {warmupSeconds} s warm-up, then
        `{dnsperfCommand}` (no `-Q`: unlimited rate, 100 queries in flight per dnsperf default);
        {rounds} rounds per server and size, alternating which server goes first.
        The machine is shared: the 1-minute load average was {loadBefore} before and {LoadAverage()} after the run, so treat the
        figures as a same-conditions comparison rather than absolute capacity.

        Zone: N services over 10 namespaces, 70% ClusterSetIP (one IPv4 clusterset IP) and 30% headless (2 ready endpoints in each of
        3 clusters), each with named ports `http`/80 and `metrics`/9090. Queries, shuffled: service A, `_http._tcp` SRV, AAAA (NODATA),
        an unknown service (NXDOMAIN), a headless endpoint name, and `dns-version` TXT. NSD loads the master file
        `ZoneSnapshot.WriteZoneFile` produces from the same snapshot; 40 sampled answers are compared before measuring.
        Both use {serverCount} workers (our UDP receive loops, NSD `server-count`).

        {table}
        """);
    BenchmarkReport.WriteSection(Path.Combine(root, "docs", "benchmarks.md"), section);
    Console.WriteLine($"wrote the DNS section of {Path.Combine(root, "docs", "benchmarks.md")}");
}

return 0;

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

// A port free for both TCP and UDP right now (NSD binds both).
static int FreePort()
{
    while (true)
    {
        using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return port;
        }
        catch (SocketException)
        {
            // Taken for UDP: try another.
        }
    }
}

static async Task<NsdServer> StartNsdAsync(string nsd, ZoneSnapshot zone, int serverCount)
{
    for (var attempt = 1; ; attempt++)
    {
        try
        {
            return await NsdServer.StartAsync(nsd, zone, FreePort(), serverCount, CancellationToken.None);
        }
        catch (InvalidOperationException exception) when (attempt < 5 && exception.Message.Contains("Address already in use", StringComparison.Ordinal))
        {
            // Another process took the port between the probe and NSD's bind: pick a new one.
        }
    }
}

static string NsdVersion(string nsd)
{
    var (_, output) = ProcessRunner.RunAsync(nsd, ["-v"], TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
    var first = output.Split('\n')[0];
    return first.StartsWith("NSD version ", StringComparison.Ordinal) ? first["NSD version ".Length..].Trim() : first.Trim();
}

static async Task<int> CompareAsync(IEnumerable<string> queries, int ourPort, int nsdPort)
{
    var mismatches = 0;
    foreach (var query in queries)
    {
        var parts = query.Split(' ');
        async Task<string> AskAsync(int port)
        {
            var (_, output) = await ProcessRunner.RunAsync("dig", ["@127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "+noall", "+answer", "+authority", "+comments", "+tries=1", parts[0], parts[1]], TimeSpan.FromSeconds(10), CancellationToken.None);
            var lines = output.Split('\n')
                .Where(line => line.Contains("status:", StringComparison.Ordinal) || (line.Length > 0 && !line.StartsWith(';')))
                .Select(line => line.Contains("status:", StringComparison.Ordinal) ? line[line.IndexOf("status:", StringComparison.Ordinal)..].Split(',')[0] : line)
                .Order(StringComparer.Ordinal);
            return string.Join('\n', lines);
        }

        var ours = await AskAsync(ourPort);
        var theirs = await AskAsync(nsdPort);
        if (!string.Equals(ours, theirs, StringComparison.Ordinal))
        {
            mismatches++;
            Console.WriteLine($"differs for {query}:\n  ours: {ours.Replace("\n", "\n        ", StringComparison.Ordinal)}\n  nsd:  {theirs.Replace("\n", "\n        ", StringComparison.Ordinal)}");
        }
    }

    return mismatches;
}

static string FindRepoRoot()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Tdcc.Mesh.sln")))
        {
            return dir.FullName;
        }
    }

    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Tdcc.Mesh.sln")))
        {
            return dir.FullName;
        }
    }

    throw new DirectoryNotFoundException("Tdcc.Mesh.sln not found above the current directory");
}
