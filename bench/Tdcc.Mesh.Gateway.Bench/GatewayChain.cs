using System.Diagnostics;
using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// Our two hops: each gateway in its own child process of this benchmark (<c>--serve-hop a|b</c>, Server GC), as
/// nginx runs each hop in its own worker. Hop A serves the outbound ports (HTTP/1.1 and h2c services) and sends
/// through the mutual-TLS HTTP/2 tunnel to hop B, which delivers to the backend.
/// </summary>
internal sealed class GatewayChain : IProxyChain
{
    private readonly List<Process> _hops;

    private GatewayChain(List<Process> hops, ChainPorts ports)
    {
        _hops = hops;
        Ports = ports;
    }

    public string Name => "tdcc";

    public ChainPorts Ports { get; }

    public int Http1Port => Ports.Http1;

    public int H2cPort => Ports.H2c;

    /// <summary>The live managed heap of hop A and hop B after a full compacting collection in each.</summary>
    public async Task<(long A, long B)> LiveHeapsAsync(CancellationToken cancellationToken) =>
        (await LiveHeapAsync(_hops[1], cancellationToken), await LiveHeapAsync(_hops[0], cancellationToken));

    private static async Task<long> LiveHeapAsync(Process hop, CancellationToken cancellationToken)
    {
        await hop.StandardInput.WriteLineAsync(GatewayHop.HeapCommand.AsMemory(), cancellationToken);
        await hop.StandardInput.FlushAsync(cancellationToken);
        while (await hop.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(GatewayHop.HeapReply + " ", StringComparison.Ordinal))
            {
                return long.Parse(line[(GatewayHop.HeapReply.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("the hop exited before it reported its heap");
    }

    /// <summary>Hop A's process (the sending gateway).</summary>
    public int HopAProcessId => _hops[1].Id;

    /// <summary>Hop B's process (the receiving gateway).</summary>
    public int HopBProcessId => _hops[0].Id;

    public static async Task<GatewayChain> StartAsync(string directory, int backendHttp1Port, int backendH2cPort, TcpBackendProcess tcpBackend, CancellationToken cancellationToken)
    {
        var ports = new ChainPorts(
            LoadGenerators.FreePort(),
            LoadGenerators.FreePort(),
            LoadGenerators.FreePort(),
            LoadGenerators.FreePort(),
            backendHttp1Port,
            backendH2cPort,
            LoadGenerators.FreePort(),
            LoadGenerators.FreePort(),
            tcpBackend.SourcePort,
            tcpBackend.HoldPort);
        var hops = new List<Process>();
        try
        {
            hops.Add(await StartHopAsync("b", directory, ports, ports.TunnelB, cancellationToken));
            hops.Add(await StartHopAsync("a", directory, ports, ports.Http1, cancellationToken));
            await LoadGenerators.WaitForPortAsync(ports.H2c, hops[^1], () => "hop a exited", cancellationToken);
            return new GatewayChain(hops, ports);
        }
        catch
        {
            foreach (var hop in hops)
            {
                await StopAsync(hop);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hop in _hops)
        {
            await StopAsync(hop);
        }
    }

    private static async Task<Process> StartHopAsync(string hop, string directory, ChainPorts ports, int readyPort, CancellationToken cancellationToken)
    {
        var process = ChildProcess.Start(["--serve-hop", hop, "--directory", directory, "--ports", ports.ToString()], redirectOutput: true);
        await LoadGenerators.WaitForPortAsync(readyPort, process, () => "hop " + hop + " exited", cancellationToken);
        return process;
    }

    // The hop stops when its standard input closes (no signal needed, nothing else touched).
    private static Task StopAsync(Process hop) => ChildProcess.StopAsync(hop);
}

/// <summary>The ports of the gateway chain, passed to the hop processes as one argument.</summary>
internal sealed record ChainPorts(int Http1, int H2c, int TunnelA, int TunnelB, int BackendHttp1, int BackendH2c, int TcpSource, int TcpHold, int BackendTcpSource, int BackendTcpHold)
{
    public static ChainPorts Parse(string text)
    {
        var p = text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new ChainPorts(p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9]);
    }

    public override string ToString() => string.Join(',', new[] { Http1, H2c, TunnelA, TunnelB, BackendHttp1, BackendH2c, TcpSource, TcpHold, BackendTcpSource, BackendTcpHold }.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
