using System.Globalization;

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
    private readonly NodeJsonLinesProcess<XdsServerEvent> _process;

    private XdsNodeServer(NodeJsonLinesProcess<XdsServerEvent> process) => _process = process;

    public IReadOnlyList<XdsServerEvent> Events => _process.Events;

    /// <summary>The serving-state callbacks so far.</summary>
    public IReadOnlyList<XdsServerEvent> ServingStates => [.. Events.Where(e => e.Event == "serving")];

    public string Stderr => _process.Stderr;

    /// <summary>
    /// Starts the server on <paramref name="ip"/>:<paramref name="port"/> as node <paramref name="nodeId"/> of
    /// <paramref name="cluster"/>; it asks for the Listener <paramref name="listenerTemplate"/> with <c>%s</c> = ip:port.
    /// </summary>
    public static XdsNodeServer Start(int xdsPort, string ip, int port, string nodeId, string cluster, string pod, string listenerTemplate)
    {
        ArgumentNullException.ThrowIfNull(ip);
        var directory = Directory.CreateTempSubdirectory("tdcc-xds-server-").FullName;
        var bootstrap = XdsBootstrapFile.Write(directory, xdsPort, nodeId, cluster, cluster, cluster + "-a", listenerTemplate);
        var portText = port.ToString(CultureInfo.InvariantCulture);
        var address = ip.Contains(':', StringComparison.Ordinal) ? $"[{ip}]:{portText}" : $"{ip}:{portText}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GRPC_XDS_BOOTSTRAP"] = bootstrap };
        return new XdsNodeServer(NodeJsonLinesProcess<XdsServerEvent>.Start("xds-grpc-server.js", [address, cluster, pod], environment, directory));
    }

    /// <summary>Waits for the first event after the first <paramref name="after"/> events that satisfies <paramref name="condition"/>.</summary>
    public Task<XdsServerEvent> WaitForAsync(Func<XdsServerEvent, bool> condition, TimeSpan timeout, string what, int after = 0)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _process.WaitForAsync(events => events.Skip(after).FirstOrDefault(condition), timeout, what);
    }

    /// <summary>Makes one direct (non-xDS) Echo call to the server on a new connection and returns its outcome.</summary>
    public async Task<XdsServerEvent> ProbeAsync(TimeSpan timeout)
    {
        var mark = Events.Count;
        await _process.WriteLineAsync("probe");
        return await WaitForAsync(e => e.Event == "probe", timeout, "a probe answer", mark);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
