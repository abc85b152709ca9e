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

    public static async Task<GatewayChain> StartAsync(string directory, int backendHttp1Port, int backendH2cPort, CancellationToken cancellationToken)
    {
        var ports = new ChainPorts(LoadGenerators.FreePort(), LoadGenerators.FreePort(), LoadGenerators.FreePort(), LoadGenerators.FreePort(), backendHttp1Port, backendH2cPort);
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
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(self) is "dotnet")
        {
            start.ArgumentList.Add(typeof(GatewayChain).Assembly.Location);
        }

        foreach (var argument in (string[])["--serve-hop", hop, "--directory", directory, "--ports", ports.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start hop " + hop);
        await LoadGenerators.WaitForPortAsync(readyPort, process, () => "hop " + hop + " exited", cancellationToken);
        return process;
    }

    private static async Task StopAsync(Process hop)
    {
        // The hop stops when its standard input closes (no signal needed, nothing else touched).
        if (!hop.HasExited)
        {
            hop.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await hop.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                hop.Kill(entireProcessTree: true);
            }
        }

        hop.Dispose();
    }
}

/// <summary>The ports of the gateway chain, passed to the hop processes as one argument.</summary>
internal sealed record ChainPorts(int Http1, int H2c, int TunnelA, int TunnelB, int BackendHttp1, int BackendH2c)
{
    public static ChainPorts Parse(string text)
    {
        var p = text.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return new ChainPorts(p[0], p[1], p[2], p[3], p[4], p[5]);
    }

    public override string ToString() => string.Join(',', new[] { Http1, H2c, TunnelA, TunnelB, BackendHttp1, BackendH2c }.Select(p => p.ToString(CultureInfo.InvariantCulture)));
}
