using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// Keeps the sandbox's server ports stable across restarts of one state directory: <see cref="ApiServerPort"/> and
/// <see cref="XdsPort"/> give the port recorded in <c>ports.json</c> at an earlier start (0 = let the system pick one
/// when there is none, or when that port is now taken, with a warning); <see cref="Record"/> remembers what was bound
/// and <see cref="SaveAsync"/> writes it. Without a directory (in-memory sandboxes) every port is ephemeral.
/// </summary>
internal sealed partial class StablePorts
{
    private readonly string? _path;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _apiServers;
    private int? _xds;

    private StablePorts(string? path, SandboxPorts recorded, ILogger logger)
    {
        _path = path;
        _logger = logger;
        _apiServers = new Dictionary<string, int>(recorded.ApiServers, StringComparer.Ordinal);
        _xds = recorded.Xds;
    }

    /// <summary>Reads <c>&lt;directory&gt;/ports.json</c> (a missing or unreadable file means no ports yet); a null directory remembers nothing.</summary>
    public static async Task<StablePorts> LoadAsync(string? directory, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (directory is null)
        {
            return new StablePorts(null, new SandboxPorts(), logger);
        }

        var path = Path.Combine(directory, SandboxPorts.FileName);
        var recorded = new SandboxPorts();
        if (File.Exists(path))
        {
            try
            {
                var stream = File.OpenRead(path);
                await using (stream.ConfigureAwait(false))
                {
                    recorded = await JsonSerializer.DeserializeAsync(stream, SandboxJsonContext.Default.SandboxPorts, cancellationToken).ConfigureAwait(false) ?? recorded;
                }
            }
            catch (JsonException e)
            {
                LogUnreadable(logger, path, e.Message);
            }
        }

        return new StablePorts(path, recorded, logger);
    }

    /// <summary>The port to bind the API server of <paramref name="cluster"/> on 127.0.0.1: the recorded one if it is free, else 0.</summary>
    public int ApiServerPort(string cluster)
    {
        int recorded;
        lock (_gate)
        {
            recorded = _apiServers.GetValueOrDefault(cluster);
        }

        return Usable($"the API server of {cluster}", recorded);
    }

    /// <summary>The port to bind the xDS server on 127.0.0.1: the recorded one if it is free, else 0.</summary>
    public int XdsPort()
    {
        int recorded;
        lock (_gate)
        {
            recorded = _xds ?? 0;
        }

        return Usable("the xDS server", recorded);
    }

    /// <summary>Remembers the ports the servers bound.</summary>
    public void Record(IEnumerable<(string Cluster, Uri ApiServer)> apiServers, Uri? xds)
    {
        ArgumentNullException.ThrowIfNull(apiServers);
        lock (_gate)
        {
            foreach (var (cluster, address) in apiServers)
            {
                _apiServers[cluster] = address.Port;
            }

            if (xds is not null)
            {
                _xds = xds.Port;
            }
        }
    }

    /// <summary>Writes <c>ports.json</c> (atomically: a temporary file renamed over it); nothing without a directory.</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_path is null)
        {
            return;
        }

        SandboxPorts ports;
        lock (_gate)
        {
            ports = new SandboxPorts { ApiServers = new SortedDictionary<string, int>(_apiServers, StringComparer.Ordinal), Xds = _xds };
        }

        var temporary = _path + ".tmp";
        var stream = File.Create(temporary);
        await using (stream.ConfigureAwait(false))
        {
            await JsonSerializer.SerializeAsync(stream, ports, SandboxJsonContext.Default.SandboxPorts, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, _path, overwrite: true);
    }

    private int Usable(string what, int recorded)
    {
        if (recorded <= 0)
        {
            return 0;
        }

        if (IsFree(recorded))
        {
            return recorded;
        }

        LogTaken(_logger, what, recorded);
        return 0;
    }

    /// <summary>Whether 127.0.0.1:<paramref name="port"/> can be bound now (the same check Kestrel's bind would make).</summary>
    private static bool IsFree(int port)
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [LoggerMessage(EventId = 7195, Level = LogLevel.Warning, Message = "Port {Port} of {Server} (recorded in ports.json) is taken; using a new port: a saved kubeconfig or xDS bootstrap naming the old one must be refreshed")]
    private static partial void LogTaken(ILogger logger, string server, int port);

    [LoggerMessage(EventId = 7196, Level = LogLevel.Warning, Message = "{Path} cannot be read ({Reason}); the servers get new ports")]
    private static partial void LogUnreadable(ILogger logger, string path, string reason);
}
