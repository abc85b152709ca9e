using System.Diagnostics;
using System.Globalization;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>The <see cref="TcpBackend"/> child process: its two ports, stopped by closing its standard input.</summary>
internal sealed class TcpBackendProcess : IAsyncDisposable
{
    private readonly Process _process;

    private TcpBackendProcess(Process process, int sourcePort, int holdPort)
    {
        _process = process;
        SourcePort = sourcePort;
        HoldPort = holdPort;
    }

    public int SourcePort { get; }

    public int HoldPort { get; }

    public static async Task<TcpBackendProcess> StartAsync(CancellationToken cancellationToken)
    {
        var process = ChildProcess.Start(["--serve-tcp-backend"], redirectOutput: true);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("the TCP backend exited before it listened");
            var fields = line.Split(' ');
            if (fields.Length != 3 || fields[0] != TcpBackend.ReadyPrefix)
            {
                throw new InvalidOperationException("the TCP backend printed: " + line);
            }

            return new TcpBackendProcess(process, int.Parse(fields[1], CultureInfo.InvariantCulture), int.Parse(fields[2], CultureInfo.InvariantCulture));
        }
        catch
        {
            await ChildProcess.StopAsync(process);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(ChildProcess.StopAsync(_process));
}
