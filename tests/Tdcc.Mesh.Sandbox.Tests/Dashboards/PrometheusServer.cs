using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Dashboards;

/// <summary>A scrape target: a job and the <c>host:port</c> it is scraped at.</summary>
internal sealed record ScrapeTarget(string Job, string Address);

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c>) on loopback, with a generated configuration scraping static targets
/// every second and its own temporary data directory. Disposing stops it with SIGTERM (only this process) and removes
/// the directory.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    public const string Peer = "prometheus";

    private readonly Process _process;
    private readonly string _directory;
    private readonly StringBuilder _output;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private PrometheusServer(Process process, string directory, Uri address, StringBuilder output)
    {
        _process = process;
        _directory = directory;
        _output = output;
        Address = address;
        _http.BaseAddress = address;
    }

    /// <summary>Where its HTTP API answers, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    /// <summary>What Prometheus logged so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<ScrapeTarget> targets)
    {
        RequirePeer.Present(Peer);
        var directory = Directory.CreateTempSubdirectory("tdcc-prometheus-").FullName;
        var config = Path.Combine(directory, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(targets));
        var port = FreePort();
        var start = new ProcessStartInfo(PeerTools.FindExecutable(Peer)!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(directory, "data"),
            string.Create(CultureInfo.InvariantCulture, $"--web.listen-address=127.0.0.1:{port}"),
            "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, directory, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), output);
        try
        {
            await Eventually.TrueAsync(
                async () =>
                {
                    process.HasExited.Should().BeFalse("prometheus exited:\n{0}", server.Output);
                    try
                    {
                        return (await server._http.GetAsync(new Uri("-/ready", UriKind.Relative))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "prometheus answers /-/ready",
                TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary><c>/api/v1/query</c>: the whole answer (<c>status</c>, <c>data</c> or <c>error</c>), whatever its HTTP status.</summary>
    public async Task<JsonElement> QueryAsync(string promql)
    {
        using var content = new FormUrlEncodedContent([new("query", promql)]);
        using var response = await _http.PostAsync(new Uri("api/v1/query", UriKind.Relative), content);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.Clone();
    }

    /// <summary>The result vector (or matrix) of an instant query that must succeed.</summary>
    public async Task<IReadOnlyList<JsonElement>> ResultAsync(string promql)
    {
        var answer = await QueryAsync(promql);
        answer.GetProperty("status").GetString().Should().Be("success", "{0} should evaluate: {1}", promql, answer);
        var result = answer.GetProperty("data").GetProperty("result");
        return result.ValueKind == JsonValueKind.Array ? [.. result.EnumerateArray()] : [result];
    }

    /// <summary>The values of <paramref name="label"/> on series of <paramref name="metric"/> (what Grafana's <c>label_values</c> asks).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string metric)
    {
        var answer = await _http.GetStringAsync(new Uri($"api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(metric)}", UriKind.Relative));
        using var json = JsonDocument.Parse(answer);
        return [.. json.RootElement.GetProperty("data").EnumerateArray().Select(v => v.GetString()!)];
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            Sandbox.Workloads.ProcessSignals.Send(_process.Id, Sandbox.Workloads.ProcessSignals.Terminate, group: false);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Config(IReadOnlyList<ScrapeTarget> targets)
    {
        var builder = new StringBuilder();
        builder.Append("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\nscrape_configs:\n");
        foreach (var job in targets.GroupBy(t => t.Job, StringComparer.Ordinal))
        {
            builder.Append(CultureInfo.InvariantCulture, $"  - job_name: {job.Key}\n    metrics_path: /metrics\n    static_configs:\n");
            foreach (var target in job)
            {
                builder.Append(CultureInfo.InvariantCulture, $"      - targets: ['{target.Address}']\n");
            }
        }

        return builder.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            if (output.Length < 64 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }
}
