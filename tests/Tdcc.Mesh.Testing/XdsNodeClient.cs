using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Xunit.Sdk;

namespace Tdcc.Mesh.Testing;

/// <summary>One call the node client made, as tests/node/xds-grpc-client.js reports it.</summary>
public sealed record XdsNodeCall(int Seq, bool Ok, string? Cluster, string? Pod, string? PodIp, string? Code, string? Message);

/// <summary>
/// Runs tests/node/xds-grpc-client.js (@grpc/grpc-js + @grpc/grpc-js-xds, the real xDS client) with a bootstrap
/// pointing at an xDS server on loopback, and collects its calls while it runs; disposing closes stdin, which stops it.
/// </summary>
public sealed class XdsNodeClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly ConcurrentQueue<XdsNodeCall> _calls = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _directory;

    private XdsNodeClient(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data) && line.Data.StartsWith('{'))
            {
                _calls.Enqueue(JsonSerializer.Deserialize<XdsNodeCall>(line.Data, Json)!);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _stderr.Enqueue(line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<XdsNodeCall> Calls => [.. _calls];

    public string Stderr => string.Join('\n', _stderr.TakeLast(40));

    public int LastSeq => Calls is { Count: > 0 } calls ? calls[^1].Seq : 0;

    /// <summary>
    /// Starts the client as node <paramref name="nodeId"/> of <paramref name="cluster"/>, calling
    /// <paramref name="target"/> every <paramref name="callIntervalMilliseconds"/>. The node's locality defaults to
    /// region <c>&lt;cluster&gt;</c>, zone <c>&lt;cluster&gt;-a</c>.
    /// </summary>
    public static XdsNodeClient Start(
        int xdsPort,
        string target,
        string nodeId,
        string cluster,
        string? region = null,
        string? zone = null,
        int callIntervalMilliseconds = 50)
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-xds-").FullName;
        var bootstrap = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(bootstrap, JsonSerializer.Serialize(new
        {
            xds_servers = new[]
            {
                new { server_uri = $"127.0.0.1:{xdsPort}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } },
            },
            node = new { id = nodeId, cluster, locality = new { region = region ?? cluster, zone = zone ?? cluster + "-a" } },
        }));
        var start = new ProcessStartInfo(PeerTools.FindExecutable("node")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(PeerTools.RepoRoot, "tests", "node"),
        };
        start.ArgumentList.Add("xds-grpc-client.js");
        start.ArgumentList.Add(target);
        start.ArgumentList.Add(callIntervalMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.Environment["GRPC_XDS_BOOTSTRAP"] = bootstrap;
        return new XdsNodeClient(Process.Start(start)!, directory);
    }

    /// <summary>Waits until the calls so far satisfy <paramref name="condition"/>.</summary>
    public Task<IReadOnlyList<XdsNodeCall>> WaitForAsync(Func<IReadOnlyList<XdsNodeCall>, bool> condition, TimeSpan timeout, string what) =>
        WaitForAsync(after: 0, condition, timeout, what);

    /// <summary>Waits until the calls made after sequence number <paramref name="after"/> satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<XdsNodeCall>> WaitForAsync(int after, Func<IReadOnlyList<XdsNodeCall>, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var calls = Calls.Where(call => call.Seq > after).ToList();
            if (condition(calls))
            {
                return calls;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                var last = string.Join('\n', calls.TakeLast(5).Select(call => call.ToString()));
                throw new XunitException($"timed out waiting for {what}; last calls:\n{last}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
