using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Xunit.Sdk;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// One event tests/node/xds-grpc-server.js reports: <c>serving</c> (a serving-state callback, with <see cref="Code"/>),
/// <c>bound</c> (bindAsync's callback) or <c>probe</c> (a direct call to the server, with <see cref="Ok"/>).
/// </summary>
public sealed record XdsServerEvent(string Event, string? Code = null, string? Details = null, int? Port = null, bool? Ok = null, string? Pod = null, string? Message = null);

/// <summary>
/// Runs tests/node/xds-grpc-server.js: a @grpc/grpc-js-xds <c>XdsServer</c> (gRFC A36) serving the echo service on
/// one address, with a bootstrap pointing at an xDS server on loopback. Disposing closes stdin, which stops it.
/// </summary>
public sealed class XdsNodeServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Process _process;
    private readonly ConcurrentQueue<XdsServerEvent> _events = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly string _directory;

    private XdsNodeServer(Process process, string directory)
    {
        _process = process;
        _directory = directory;
        process.OutputDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data) && line.Data.StartsWith('{'))
            {
                _events.Enqueue(JsonSerializer.Deserialize<XdsServerEvent>(line.Data, Json)!);
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

    public IReadOnlyList<XdsServerEvent> Events => [.. _events];

    /// <summary>The serving-state callbacks so far.</summary>
    public IReadOnlyList<XdsServerEvent> ServingStates => [.. _events.Where(e => e.Event == "serving")];

    public string Stderr => string.Join('\n', _stderr.TakeLast(40));

    /// <summary>
    /// Starts the server on <paramref name="ip"/>:<paramref name="port"/> as node <paramref name="nodeId"/> of
    /// <paramref name="cluster"/>; it asks for the Listener <paramref name="listenerTemplate"/> with <c>%s</c> = ip:port.
    /// </summary>
    public static XdsNodeServer Start(int xdsPort, string ip, int port, string nodeId, string cluster, string pod, string listenerTemplate)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var directory = Directory.CreateTempSubdirectory("tdcc-xds-server-").FullName;
        var bootstrap = Path.Combine(directory, "bootstrap.json");
        File.WriteAllText(bootstrap, JsonSerializer.Serialize(new
        {
            xds_servers = new[]
            {
                new { server_uri = $"127.0.0.1:{xdsPort}", channel_creds = new[] { new { type = "insecure" } }, server_features = new[] { "xds_v3" } },
            },
            node = new { id = nodeId, cluster, locality = new { region = cluster, zone = cluster + "-a" } },
            server_listener_resource_name_template = listenerTemplate,
        }));
        var start = new ProcessStartInfo(PeerTools.FindExecutable("node")!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.Combine(PeerTools.RepoRoot, "tests", "node"),
        };
        start.ArgumentList.Add("xds-grpc-server.js");
        start.ArgumentList.Add(ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{port.ToString(CultureInfo.InvariantCulture)}" : $"{ip}:{port.ToString(CultureInfo.InvariantCulture)}");
        start.ArgumentList.Add(cluster);
        start.ArgumentList.Add(pod);
        start.Environment["GRPC_XDS_BOOTSTRAP"] = bootstrap;
        return new XdsNodeServer(Process.Start(start)!, directory);
    }

    /// <summary>Waits for the first event after the first <paramref name="after"/> events that satisfies <paramref name="condition"/>.</summary>
    public async Task<XdsServerEvent> WaitForAsync(Func<XdsServerEvent, bool> condition, TimeSpan timeout, string what, int after = 0)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Events.Skip(after).FirstOrDefault(condition) is { } match)
            {
                return match;
            }

            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                var last = string.Join('\n', Events.TakeLast(5).Select(e => e.ToString()));
                throw new XunitException($"timed out waiting for {what}; last events:\n{last}\nstderr:\n{Stderr}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Makes one direct (non-xDS) Echo call to the server on a new connection and returns its outcome.</summary>
    public async Task<XdsServerEvent> ProbeAsync(TimeSpan timeout)
    {
        var mark = Events.Count;
        await _process.StandardInput.WriteLineAsync("probe");
        await _process.StandardInput.FlushAsync();
        return await WaitForAsync(e => e.Event == "probe", timeout, "a probe answer", mark);
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
