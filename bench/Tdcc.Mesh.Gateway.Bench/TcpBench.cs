using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// The TCP half of the gateway benchmark: bulk throughput through the tunnel beside a direct connection to the same
/// backend, and each gateway's memory at rest and with many tunnelled connections open at once.
/// </summary>
internal static class TcpBench
{
    public const string Heading = "## East-west gateway: TCP and memory";

    private const int ReadBuffer = 256 * 1024;
    private const int OpenConcurrency = 200;

    /// <summary>One throughput figure: bytes per second received by the readers, median of the rounds.</summary>
    public sealed record Throughput(string Path, int Connections, double BytesPerSecond);

    /// <summary>The memory figure: both gateways' resident sets at rest, then per cycle with the connections open and after they closed.</summary>
    public sealed record Memory(int Requested, long RestA, long RestB, long RestHeapA, long RestHeapB, IReadOnlyList<MemoryCycle> Cycles);

    /// <summary>One open-all-then-close-all cycle.</summary>
    public sealed record MemoryCycle(int Opened, TimeSpan OpenTime, long OpenA, long OpenB, long OpenHeapA, long OpenHeapB, long ClosedA, long ClosedB, long ClosedHeapA, long ClosedHeapB);

    /// <summary>Open and close cycles: a second cycle that ends where the first did shows the growth is the heap's size, not a leak.</summary>
    private const int MemoryCycles = 2;

    /// <summary>
    /// Opens <paramref name="count"/> connections through hop A's TCP hold port, each confirmed end to end by the
    /// backend's greeting byte, and reads both hops' resident sets before, during and after.
    /// </summary>
    public static async Task<Memory> MeasureMemoryAsync(GatewayChain chain, int count, CancellationToken cancellationToken)
    {
        // At rest: started, probed, settled.
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var restA = ChildProcess.ResidentBytes(chain.HopAProcessId);
        var restB = ChildProcess.ResidentBytes(chain.HopBProcessId);
        var (restHeapA, restHeapB) = await chain.LiveHeapsAsync(cancellationToken);
        var cycles = new List<MemoryCycle>();
        for (var cycle = 0; cycle < MemoryCycles; cycle++)
        {
            cycles.Add(await OpenAndCloseAsync(chain, count, cancellationToken));
        }

        return new Memory(count, restA, restB, restHeapA, restHeapB, cycles);
    }

    private static async Task<MemoryCycle> OpenAndCloseAsync(GatewayChain chain, int count, CancellationToken cancellationToken)
    {
        var sockets = new Socket?[count];
        var opened = 0;
        var clock = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(OpenConcurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    var socket = await ConnectAsync(chain.Ports.TcpHold, cancellationToken);
                    var greeting = new byte[1];
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(30));
                    if (await socket.ReceiveAsync(greeting, SocketFlags.None, timeout.Token) == 1 && greeting[0] == TcpBackend.HoldGreeting)
                    {
                        sockets[i] = socket;
                        Interlocked.Increment(ref opened);
                    }
                    else
                    {
                        socket.Dispose();
                    }
                }
                catch (Exception e) when (e is SocketException or OperationCanceledException)
                {
                    // Counted as not opened.
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        var openTime = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken);
        var openA = ChildProcess.ResidentBytes(chain.HopAProcessId);
        var openB = ChildProcess.ResidentBytes(chain.HopBProcessId);
        var (openHeapA, openHeapB) = await chain.LiveHeapsAsync(cancellationToken);
        foreach (var socket in sockets)
        {
            socket?.Dispose();
        }

        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var closedA = ChildProcess.ResidentBytes(chain.HopAProcessId);
        var closedB = ChildProcess.ResidentBytes(chain.HopBProcessId);
        var (closedHeapA, closedHeapB) = await chain.LiveHeapsAsync(cancellationToken);
        return new MemoryCycle(opened, openTime, openA, openB, openHeapA, openHeapB, closedA, closedB, closedHeapA, closedHeapB);
    }

    /// <summary>
    /// Reads from <paramref name="connections"/> connections to <paramref name="port"/> for the warm-up and then the
    /// measured duration; the figure is the bytes that arrived during the measured part over its length.
    /// </summary>
    public static async Task<double> MeasureThroughputAsync(int port, int connections, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        var sockets = new List<Socket>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            for (var i = 0; i < connections; i++)
            {
                sockets.Add(await ConnectAsync(port, cancellationToken));
            }

            var received = new long[connections];
            var readers = sockets.Select((socket, i) => ReadAsync(socket, received, i, stop.Token)).ToList();
            await Task.Delay(warmup, cancellationToken);
            var start = received.Sum();
            var clock = Stopwatch.StartNew();
            await Task.Delay(duration, cancellationToken);
            var end = received.Sum();
            var elapsed = clock.Elapsed;
            await stop.CancelAsync();
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await Task.WhenAll(readers);
            var failed = readers.Count(r => r.Result);
            return failed > 0
                ? throw new InvalidOperationException($"{failed} of {connections} connections to port {port} ended before the measurement did")
                : (end - start) / elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    public static string Report(IReadOnlyList<Throughput> throughput, Memory? memory, BenchOptions options, MachineInfo machine, double loadAfter)
    {
        var text = new StringBuilder();
        text.AppendLine(Heading).AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cores} cores ({machine.Cpu}), {machine.Runtime}; 1-minute load average {machine.LoadAverage:0.0} before, {loadAfter:0.0} after{(machine.Busy ? " (the machine was busy: figures are low)" : string.Empty)}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Command: `dotnet run -c Release --project bench/Tdcc.Mesh.Gateway.Bench -- --phases tcp,memory --duration {options.Duration.TotalSeconds:0} --rounds {options.Rounds} --tcp-connections {string.Join(',', options.TcpConnections)} --open-connections {options.OpenConnections}{(options.WriteDoc ? " --write-doc" : string.Empty)}`.");
        text.AppendLine();
        if (throughput.Count > 0)
        {
            text.AppendLine("TCP throughput: a backend that streams 64 KiB writes to whoever connects; the bench reads with N connections for the measured time after a warm-up. *direct*: straight to the backend; *tdcc*: client → hop A's TCP port → one HTTP/2 CONNECT stream per connection over the mutual TLS 1.3 tunnel → hop B → backend (the same two gateway processes as above), all on 127.0.0.1. Median of the rounds, alternating the paths.");
            text.AppendLine();
            var table = new TextTable("connections", "direct MiB/s", "tdcc MiB/s", "tdcc/direct");
            foreach (var group in throughput.GroupBy(t => t.Connections))
            {
                var direct = group.FirstOrDefault(t => t.Path == "direct")?.BytesPerSecond;
                var tdcc = group.FirstOrDefault(t => t.Path == "tdcc")?.BytesPerSecond;
                table.Add(
                    group.Key.ToString(CultureInfo.InvariantCulture),
                    direct is { } d ? (d / (1 << 20)).ToString("N0", CultureInfo.InvariantCulture) : "-",
                    tdcc is { } t ? (t / (1 << 20)).ToString("N0", CultureInfo.InvariantCulture) : "-",
                    direct is { } dd && tdcc is { } tt ? (tt / dd).ToString("0.00", CultureInfo.InvariantCulture) : "-");
            }

            text.Append(table.ToMarkdown()).AppendLine();
        }

        if (memory is { } m)
        {
            var first = m.Cycles[0];
            text.AppendLine(CultureInfo.InvariantCulture, $"Memory: each gateway at rest (started, one request per path, 3 s settled), then in {m.Cycles.Count} cycles with {m.Requested:N0} TCP connections open through the tunnel at once (each confirmed end to end by a byte from the backend; opened {OpenConcurrency} at a time; {string.Join(" and ", m.Cycles.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Opened:N0} opened in {c.OpenTime.TotalSeconds:0.0} s")))}), and 5 s after they all closed. *RSS* is the process's resident set (VmRSS) read first; *heap* the live managed heap right after, following a full compacting collection the hop makes when asked (Server GC otherwise keeps garbage until its next collection). Hop A holds the client connections and the tunnel's streams, hop B the streams and the connections to the backend. Per connection: (open − at rest) ÷ opened, first cycle. Cells with two figures are the two cycles.");
            text.AppendLine();
            var table = new TextTable("gateway", "at rest RSS / heap MiB", $"{m.Requested:N0} open RSS MiB", $"{m.Requested:N0} open heap MiB", "per connection RSS / heap KiB", "after close RSS MiB", "after close heap MiB");
            table.Add("hop A (sending)", $"{MiB(m.RestA)} / {MiB(m.RestHeapA)}", Cycles(m, c => c.OpenA), Cycles(m, c => c.OpenHeapA), $"{PerConnection(first.OpenA - m.RestA, first.Opened)} / {PerConnection(first.OpenHeapA - m.RestHeapA, first.Opened)}", Cycles(m, c => c.ClosedA), Cycles(m, c => c.ClosedHeapA));
            table.Add("hop B (receiving)", $"{MiB(m.RestB)} / {MiB(m.RestHeapB)}", Cycles(m, c => c.OpenB), Cycles(m, c => c.OpenHeapB), $"{PerConnection(first.OpenB - m.RestB, first.Opened)} / {PerConnection(first.OpenHeapB - m.RestHeapB, first.Opened)}", Cycles(m, c => c.ClosedB), Cycles(m, c => c.ClosedHeapB));
            text.Append(table.ToMarkdown());
        }

        return text.ToString();
    }

    private static string Cycles(Memory memory, Func<MemoryCycle, long> figure) => string.Join(" / ", memory.Cycles.Select(c => MiB(figure(c))));

    private static string MiB(long bytes) => (bytes / (double)(1 << 20)).ToString("N0", CultureInfo.InvariantCulture);

    private static string PerConnection(long bytes, int connections) =>
        connections == 0 ? "-" : (bytes / 1024.0 / connections).ToString("0.0", CultureInfo.InvariantCulture);

    private static async Task<Socket> ConnectAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads until stopped; true when the connection ended (or failed) before that.</summary>
    private static async Task<bool> ReadAsync(Socket socket, long[] received, int index, CancellationToken cancellationToken)
    {
        var buffer = new byte[ReadBuffer];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
                if (read == 0)
                {
                    return !cancellationToken.IsCancellationRequested;
                }

                Interlocked.Add(ref received[index], read);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            return !cancellationToken.IsCancellationRequested;
        }
    }
}
