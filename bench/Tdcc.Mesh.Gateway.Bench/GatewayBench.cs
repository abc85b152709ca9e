using System.Globalization;
using System.Net;
using System.Text;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// Runs every (protocol, body, connections) case against each chain, alternating the chains round by round after a
/// warm-up, and reports the medians side by side with the ratio to nginx.
/// </summary>
internal static class GatewayBench
{
    public const string Heading = "## East-west gateway";

    private const string BusyNote = " (the machine was busy: figures are low)";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync(exception.Message);
            return 2;
        }

        var nginx = NginxInstance.FindExecutable();
        var missing = new List<string>();
        if (nginx is null)
        {
            missing.Add("nginx");
        }

        foreach (var tool in (string[])["wrk", "h2load"])
        {
            if (!(Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool))))
            {
                missing.Add(tool);
            }
        }

        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"missing {string.Join(", ", missing)}: run 'make deps'");
            return 2;
        }

        var directory = Directory.CreateTempSubdirectory("tdcc-gateway-bench-").FullName;

        // nginx's workers drop to an unprivileged user when started as root: they must be able to read the backend's file.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        var machine = MachineInfo.Current();
        var results = new Dictionary<(string Chain, BenchCase Case), List<LoadResult>>();
        try
        {
            using var certificates = ChainCertificates.Create(directory);
            await using var backend = await EchoBackend.StartAsync(nginx!, directory, cancellationToken);
            await using var tcpBackend = await TcpBackendProcess.StartAsync(cancellationToken);
            var keepalive = options.Connections.Max() * 2;
            var chains = new List<IProxyChain>();
            try
            {
                if (options.Chains.Contains("nginx") && options.Phases.Contains("http"))
                {
                    chains.Add(await NginxChain.StartAsync(nginx!, directory, certificates, backend.Port, keepalive, cancellationToken));
                }

                GatewayChain? tdcc = null;
                if (options.Chains.Contains("tdcc"))
                {
                    chains.Add(tdcc = await GatewayChain.StartAsync(directory, backend.Port, backend.H2cPort, tcpBackend, cancellationToken));
                }

                foreach (var chain in chains)
                {
                    await ProbeAsync(chain, cancellationToken);
                }

                // Memory first, on the freshly started gateways: "at rest" means before any load.
                TcpBench.Memory? memory = null;
                if (options.Phases.Contains("memory") && tdcc is not null)
                {
                    memory = await TcpBench.MeasureMemoryAsync(tdcc, options.OpenConnections, cancellationToken);
                    foreach (var cycle in memory.Cycles)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: {cycle.Opened:N0} of {memory.Requested:N0} connections open in {cycle.OpenTime.TotalSeconds:0.0} s; RSS (heap) MiB at rest → open → closed: hop A {memory.RestA >> 20} ({memory.RestHeapA >> 20}) → {cycle.OpenA >> 20} ({cycle.OpenHeapA >> 20}) → {cycle.ClosedA >> 20} ({cycle.ClosedHeapA >> 20}), hop B {memory.RestB >> 20} ({memory.RestHeapB >> 20}) → {cycle.OpenB >> 20} ({cycle.OpenHeapB >> 20}) → {cycle.ClosedB >> 20} ({cycle.ClosedHeapB >> 20})"));
                    }
                }

                if (options.Phases.Contains("http"))
                {
                    var cases = BenchCase.All(options.Connections).ToList();
                    foreach (var benchCase in cases)
                    {
                        for (var round = 0; round < options.Rounds; round++)
                        {
                            // Alternate which chain goes first, so neither always runs on a warmer (or hotter) machine.
                            var order = round % 2 == 0 ? chains : Enumerable.Reverse(chains).ToList();
                            foreach (var chain in order)
                            {
                                var result = await RunCaseAsync(chain, benchCase, options, directory, warm: round == 0, cancellationToken);
                                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{chain.Name,-6} {benchCase,-28} round {round + 1}: {result.RequestsPerSecond,9:N0} req/s  p50 {result.P50,6:0.00} ms  p99 {result.P99,7:0.00} ms  p99.9 {result.P999,7:0.00} ms  failed {result.Failed}"));
                                if (!results.TryGetValue((chain.Name, benchCase), out var list))
                                {
                                    results[(chain.Name, benchCase)] = list = [];
                                }

                                list.Add(result);
                            }
                        }
                    }

                    var section = Report(options, chains.Select(c => c.Name).ToList(), cases, results, machine, MachineInfo.LoadAverageNow());
                    Console.WriteLine();
                    Console.WriteLine(section);
                    if (options.WriteDoc)
                    {
                        BenchmarksDoc.RewriteSection(BenchmarksDoc.Find(AppContext.BaseDirectory), Heading, section);
                    }
                }

                var throughput = new List<TcpBench.Throughput>();
                if (options.Phases.Contains("tcp") && tdcc is not null)
                {
                    foreach (var connections in options.TcpConnections)
                    {
                        var runs = new Dictionary<string, List<double>> { ["direct"] = [], ["tdcc"] = [] };
                        for (var round = 0; round < options.Rounds; round++)
                        {
                            IEnumerable<(string Path, int Port)> paths = [("direct", tcpBackend.SourcePort), ("tdcc", tdcc.Ports.TcpSource)];
                            foreach (var (path, port) in round % 2 == 0 ? paths : paths.Reverse())
                            {
                                var rate = await TcpBench.MeasureThroughputAsync(port, connections, options.Warmup, options.Duration, cancellationToken);
                                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tcp    {path,-6} ×{connections,-4} round {round + 1}: {rate / (1 << 20),9:N0} MiB/s"));
                                runs[path].Add(rate);
                            }
                        }

                        throughput.AddRange(runs.Select(r => new TcpBench.Throughput(r.Key, connections, r.Value.Order().ElementAt(r.Value.Count / 2))));
                    }
                }

                if (memory is not null || throughput.Count > 0)
                {
                    var section = TcpBench.Report(throughput, memory, options, machine, MachineInfo.LoadAverageNow());
                    Console.WriteLine();
                    Console.WriteLine(section);
                    if (options.WriteDoc)
                    {
                        BenchmarksDoc.RewriteSection(BenchmarksDoc.Find(AppContext.BaseDirectory), TcpBench.Heading, section);
                    }
                }
            }
            finally
            {
                foreach (var chain in chains)
                {
                    await chain.DisposeAsync();
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        return 0;
    }

    /// <summary>One request per path and protocol before measuring: a chain that answers wrongly is an error, not a figure.</summary>
    private static async Task ProbeAsync(IProxyChain chain, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        foreach (var (port, version) in (IEnumerable<(int, Version)>)[(chain.Http1Port, HttpVersion.Version11), (chain.H2cPort, HttpVersion.Version20)])
        {
            foreach (var (path, length) in (IEnumerable<(string, int)>)[(EchoBackend.SmallPath, EchoBackend.SmallLength), (EchoBackend.LargePath, EchoBackend.LargeLength)])
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"http://127.0.0.1:{port}{path}")) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                using var response = await http.SendAsync(request, cancellationToken);
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK || body.Length != length)
                {
                    throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{chain.Name} answered {path} over HTTP/{version} with {(int)response.StatusCode} and {body.Length} bytes (expected 200 and {length}): {Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 300)))}"));
                }
            }
        }
    }

    private static Task<LoadResult> RunCaseAsync(IProxyChain chain, BenchCase benchCase, BenchOptions options, string directory, bool warm, CancellationToken cancellationToken)
    {
        var warmup = warm ? options.Warmup : TimeSpan.Zero;
        return benchCase.Http2
            ? LoadGenerators.H2loadAsync(new Uri($"http://127.0.0.1:{chain.H2cPort}{benchCase.Path}"), benchCase.Connections, options.Duration, warm ? options.Warmup : TimeSpan.FromSeconds(1), directory, cancellationToken)
            : LoadGenerators.WrkAsync(new Uri($"http://127.0.0.1:{chain.Http1Port}{benchCase.Path}"), benchCase.Connections, options.Duration, warmup, directory, cancellationToken);
    }

    private static string Report(BenchOptions options, List<string> chains, IReadOnlyList<BenchCase> cases, Dictionary<(string, BenchCase), List<LoadResult>> results, MachineInfo machine, double loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cores} cores ({machine.Cpu}), {machine.Runtime}; 1-minute load average {machine.LoadAverage:0.0} before, {loadAfter:0.0} after{(machine.Busy ? BusyNote : string.Empty)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Tdcc.Mesh.Gateway.Bench -- --duration {options.Duration.TotalSeconds:0} --rounds {options.Rounds} --connections {string.Join(',', options.Connections)}{(options.WriteDoc ? " --write-doc" : string.Empty)}`.");
        text.AppendLine();
        text.AppendLine("Chain: load generator → hop A (plain HTTP/1.1 or h2c) → mutual TLS 1.3 → hop B → nginx backend, all on 127.0.0.1.");
        text.AppendLine("nginx: one worker per hop, HTTP/1.1 upstream with keep-alive (nginx has no HTTP/2 upstream), session reuse.");
        text.AppendLine("tdcc: two `GatewayServer`s, each in its own process (Server GC), the hop between them pooled HTTP/2 over mutual TLS 1.3; the h2c case is h2c to the backend too (an `h2c` service port).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Each figure is the median of {options.Rounds} alternating runs of {options.Duration.TotalSeconds:0} s after a {options.Warmup.TotalSeconds:0} s warm-up; wrk `-t1`, h2load `-t1 -m1`.");
        text.AppendLine();
        var header = new List<string> { "case" };
        foreach (var chain in chains)
        {
            header.AddRange([$"{chain} req/s", $"{chain} p50/p99/p99.9 ms"]);
        }

        if (chains.Count > 1)
        {
            header.Add("tdcc/nginx req/s");
        }

        var rows = new List<string[]>();
        foreach (var benchCase in cases)
        {
            var row = new List<string> { benchCase.ToString() };
            var medians = new Dictionary<string, LoadResult>();
            foreach (var chain in chains)
            {
                var runs = results[(chain, benchCase)];
                var median = Median(runs);
                medians[chain] = median;
                var failed = runs.Sum(r => r.Failed);
                row.Add(string.Create(CultureInfo.InvariantCulture, $"{median.RequestsPerSecond:N0}{(failed > 0 ? $" ({failed} failed)" : string.Empty)}"));
                row.Add(string.Create(CultureInfo.InvariantCulture, $"{median.P50:0.00} / {median.P99:0.00} / {median.P999:0.00}"));
            }

            if (chains.Count > 1 && medians.TryGetValue("nginx", out var n) && medians.TryGetValue("tdcc", out var t))
            {
                row.Add(string.Create(CultureInfo.InvariantCulture, $"{t.RequestsPerSecond / n.RequestsPerSecond:0.00}"));
            }

            rows.Add([.. row]);
        }

        var table = new TextTable([.. header]);
        foreach (var row in rows)
        {
            table.Add(row);
        }

        text.Append(table.ToMarkdown());
        return text.ToString();
    }

    private static LoadResult Median(List<LoadResult> runs)
    {
        static double M(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
        }

        return new LoadResult(M(runs.Select(r => r.RequestsPerSecond)), M(runs.Select(r => r.P50)), M(runs.Select(r => r.P99)), M(runs.Select(r => r.P999)), runs.Sum(r => r.Failed), runs.Sum(r => r.Requests));
    }
}
