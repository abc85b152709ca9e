using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>One call of tests/node/xds-grpc-client.js.</summary>
public sealed record XdsNodeCall(int Seq, bool Ok, string? Cluster, string? Pod, string? PodIp, string? Code, string? Message);

/// <summary>Runs tests/node/xds-grpc-client.js (grpc-js + grpc-js-xds) with a bootstrap naming a node cluster; closing stdin stops it.</summary>
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
            if (line.Data is { } data && data.StartsWith('{'))
            {
                _calls.Enqueue(JsonSerializer.Deserialize<XdsNodeCall>(data, Json)!);
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

    public static XdsNodeClient Start(int xdsPort, string target, string nodeId, string cluster)
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-mesh-xds-").FullName;
        var bootstrap = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(bootstrap, JsonSerializer.Serialize(new
        {
            xds_servers = new[] { new { server_uri = $"127.0.0.1:{xdsPort}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } } },
            node = new { id = nodeId, cluster, locality = new { region = cluster, zone = cluster + "-a" } },
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
        start.ArgumentList.Add("50");
        start.Environment["GRPC_XDS_BOOTSTRAP"] = bootstrap;
        return new XdsNodeClient(Process.Start(start)!, directory);
    }

    /// <summary>Waits until the calls so far satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<XdsNodeCall>> WaitForAsync(Func<IReadOnlyList<XdsNodeCall>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var calls = _calls.ToList();
            if (condition(calls))
            {
                return calls;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last calls:\n{string.Join('\n', calls.TakeLast(5))}\nstderr:\n{string.Join('\n', _stderr.TakeLast(40))}");
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
