using System.Globalization;
using System.Text.Json;

namespace Tdcc.Mesh.Testing;

/// <summary>One call the node client made, as tests/node/xds-grpc-client.js reports it.</summary>
public sealed record XdsNodeCall(int Seq, bool Ok, string? Cluster, string? Pod, string? PodIp, string? Code, string? Message);

/// <summary>
/// Runs tests/node/xds-grpc-client.js (@grpc/grpc-js + @grpc/grpc-js-xds, the real xDS client) with a bootstrap
/// pointing at an xDS server on loopback, and collects its calls while it runs; disposing closes stdin, which stops it.
/// </summary>
public sealed class XdsNodeClient : IAsyncDisposable
{
    private readonly NodeJsonLinesProcess<XdsNodeCall> _process;

    private XdsNodeClient(NodeJsonLinesProcess<XdsNodeCall> process) => _process = process;

    public IReadOnlyList<XdsNodeCall> Calls => _process.Events;

    public string Stderr => _process.Stderr;

    public int LastSeq => Calls is { Count: > 0 } calls ? calls[^1].Seq : 0;

    /// <summary>
    /// Starts the client as node <paramref name="nodeId"/> of <paramref name="cluster"/>, calling
    /// <paramref name="target"/> every <paramref name="callIntervalMilliseconds"/>. The node's locality defaults to
    /// region <c>&lt;cluster&gt;</c>, zone <c>&lt;cluster&gt;-a</c>. <paramref name="metadata"/>, when given, is sent
    /// as request metadata (header → value) with every call.
    /// </summary>
    public static XdsNodeClient Start(
        int xdsPort,
        string target,
        string nodeId,
        string cluster,
        string? region = null,
        string? zone = null,
        int callIntervalMilliseconds = 50,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-xds-").FullName;
        var bootstrap = XdsBootstrapFile.Write(directory, xdsPort, nodeId, cluster, region ?? cluster, zone ?? cluster + "-a");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GRPC_XDS_BOOTSTRAP"] = bootstrap };
        if (metadata is { Count: > 0 })
        {
            environment["TDCC_XDS_METADATA"] = JsonSerializer.Serialize(metadata);
        }

        string[] arguments = [target, callIntervalMilliseconds.ToString(CultureInfo.InvariantCulture)];
        return new XdsNodeClient(NodeJsonLinesProcess<XdsNodeCall>.Start("xds-grpc-client.js", arguments, environment, directory));
    }

    /// <summary>Waits until the calls so far satisfy <paramref name="condition"/>.</summary>
    public Task<IReadOnlyList<XdsNodeCall>> WaitForAsync(Func<IReadOnlyList<XdsNodeCall>, bool> condition, TimeSpan timeout, string what) =>
        WaitForAsync(after: 0, condition, timeout, what);

    /// <summary>Waits until the calls made after sequence number <paramref name="after"/> satisfy <paramref name="condition"/>.</summary>
    public Task<IReadOnlyList<XdsNodeCall>> WaitForAsync(int after, Func<IReadOnlyList<XdsNodeCall>, bool> condition, TimeSpan timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _process.WaitForAsync<IReadOnlyList<XdsNodeCall>>(
            all =>
            {
                var calls = all.Where(call => call.Seq > after).ToList();
                return condition(calls) ? calls : null;
            },
            timeout,
            what);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
