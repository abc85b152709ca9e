using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Xds.Tests.Peers;

/// <summary>One call the node client made, as tests/node/xds-grpc-client.js reports it.</summary>
public sealed record NodeCall(int Seq, bool Ok, string? Cluster, string? Pod, string? Code, string? Message);

/// <summary>Runs tests/node/xds-grpc-client.js and collects its calls while it runs; closing stdin stops it.</summary>
public sealed class NodeXdsClient : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly ConcurrentQueue<NodeCall> _calls = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _directory;

    private NodeXdsClient(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data) && line.Data.StartsWith('{'))
            {
                _calls.Enqueue(JsonSerializer.Deserialize<NodeCall>(line.Data, Json)!);
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

    public IReadOnlyList<NodeCall> Calls => [.. _calls];

    public string Stderr => string.Join('\n', _stderr.TakeLast(40));

    public static NodeXdsClient Start(int serverPort, string target, string nodeId, string cluster)
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-xds-").FullName;
        var bootstrap = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(bootstrap, JsonSerializer.Serialize(new
        {
            xds_servers = new[]
            {
                new { server_uri = $"127.0.0.1:{serverPort}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } },
            },
            node = new { id = nodeId, cluster, locality = new { region = "us-east", zone = "us-east-1a" } },
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
        start.ArgumentList.Add("40");
        start.Environment["GRPC_XDS_BOOTSTRAP"] = bootstrap;
        return new NodeXdsClient(Process.Start(start)!, directory);
    }

    /// <summary>Waits until the calls made after <paramref name="after"/> satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<NodeCall>> WaitForAsync(int after, Func<IReadOnlyList<NodeCall>, bool> condition, TimeSpan timeout, string what)
    {
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
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last calls:\n{last}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    public int LastSeq => Calls is { Count: > 0 } calls ? calls[^1].Seq : 0;

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
