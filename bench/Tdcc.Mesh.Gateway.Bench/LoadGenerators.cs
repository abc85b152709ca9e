using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// wrk (HTTP/1.1 keep-alive) and h2load (HTTP/2, prior-knowledge h2c) runs against a URL, with their figures parsed:
/// requests per second, p50, p99 and p99.9 latency, and failed requests. wrk's percentiles come from a Lua <c>done</c>
/// hook; h2load prints none, so they are computed from its per-request log file.
/// </summary>
internal static partial class LoadGenerators
{
    private const string WrkScript =
        """
        done = function(summary, latency, requests)
          local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout
          io.write(string.format("TDCC-WRK %d %d %d %d %d %d\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency:percentile(99.9), errors))
        end
        """;

    public static string CommandLine(string tool, IEnumerable<string> arguments) => string.Join(' ', [tool, .. arguments]);

    public static string[] WrkArguments(Uri url, int connections, TimeSpan duration, string script) =>
        ["-t", "1", "-c", connections.ToString(CultureInfo.InvariantCulture), "-d", Seconds(duration), "-s", script, url.ToString()];

    public static string[] H2loadArguments(Uri url, int connections, TimeSpan duration, TimeSpan warmup, string log) =>
        ["-c", connections.ToString(CultureInfo.InvariantCulture), "-m", "1", "-t", "1", "-D", Seconds(duration), "--warm-up-time=" + Seconds(warmup), "--log-file=" + log, url.ToString()];

    /// <summary>Runs wrk for <paramref name="duration"/> (a warm-up run of <paramref name="warmup"/> first).</summary>
    public static async Task<LoadResult> WrkAsync(Uri url, int connections, TimeSpan duration, TimeSpan warmup, string workDirectory, CancellationToken cancellationToken)
    {
        var script = Path.Combine(workDirectory, "percentiles.lua");
        await File.WriteAllTextAsync(script, WrkScript, cancellationToken);
        if (warmup > TimeSpan.Zero)
        {
            await RunAsync("wrk", WrkArguments(url, connections, warmup, script), warmup + TimeSpan.FromSeconds(30), cancellationToken);
        }

        var output = await RunAsync("wrk", WrkArguments(url, connections, duration, script), duration + TimeSpan.FromSeconds(30), cancellationToken);
        var match = WrkLine().Match(output);
        if (!match.Success)
        {
            throw new InvalidOperationException("wrk printed no figures:\n" + output);
        }

        double Field(int i) => double.Parse(match.Groups[i].Value, CultureInfo.InvariantCulture);
        var requests = Field(1);
        var seconds = Field(2) / 1e6;
        return new LoadResult(requests / seconds, Field(3) / 1000, Field(4) / 1000, Field(5) / 1000, (long)Field(6), (long)requests);
    }

    /// <summary>Runs h2load for <paramref name="duration"/> after its own warm-up.</summary>
    public static async Task<LoadResult> H2loadAsync(Uri url, int connections, TimeSpan duration, TimeSpan warmup, string workDirectory, CancellationToken cancellationToken)
    {
        var log = Path.Combine(workDirectory, "h2load.log");
        File.Delete(log);
        var output = await RunAsync("h2load", H2loadArguments(url, connections, duration, warmup, log), duration + warmup + TimeSpan.FromSeconds(30), cancellationToken);
        var rate = H2loadRate().Match(output);
        var counts = H2loadCounts().Match(output);
        if (!rate.Success || !counts.Success)
        {
            throw new InvalidOperationException("h2load printed no figures:\n" + output);
        }

        var latencies = new List<double>();
        foreach (var line in await File.ReadAllLinesAsync(log, cancellationToken))
        {
            // <start time (µs since the epoch)> <status> <time for the request (µs)>
            var fields = line.Split('\t', ' ');
            if (fields.Length >= 3 && double.TryParse(fields[^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var micros))
            {
                latencies.Add(micros / 1000);
            }
        }

        latencies.Sort();
        double Percentile(double p) => latencies.Count == 0 ? double.NaN : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p / 100 * latencies.Count) - 1)];
        var failed = long.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture) + long.Parse(counts.Groups[3].Value, CultureInfo.InvariantCulture);
        return new LoadResult(
            double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture),
            Percentile(50),
            Percentile(99),
            Percentile(99.9),
            failed,
            long.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Waits until something accepts on 127.0.0.1:<paramref name="port"/>; fails with <paramref name="log"/> when <paramref name="process"/> exits first.</summary>
    public static async Task WaitForPortAsync(int port, Process? process, Func<string> log, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process is { HasExited: true })
            {
                throw new InvalidOperationException($"the server for port {port} exited ({process.ExitCode}): {SafeLog(log)}");
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                return;
            }
            catch (SocketException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SafeLog(Func<string> log)
    {
        try
        {
            return log();
        }
        catch (IOException exception)
        {
            return exception.Message;
        }
    }

    private static string Seconds(TimeSpan duration) => ((int)Math.Ceiling(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    private static async Task<string> RunAsync(string tool, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + tool);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        var output = await stdout + await stderr;
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{CommandLine(tool, arguments)} exited {process.ExitCode}:\n{output}");
    }

    [GeneratedRegex(@"TDCC-WRK (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)")]
    private static partial Regex WrkLine();

    [GeneratedRegex(@"finished in [\d.]+\w+, ([\d.]+) req/s")]
    private static partial Regex H2loadRate();

    [GeneratedRegex(@"requests: (\d+) total, \d+ started, \d+ done, \d+ succeeded, (\d+) failed, (\d+) errored")]
    private static partial Regex H2loadCounts();
}
