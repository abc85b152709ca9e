using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tdcc.Mesh.Xds.Bench.Clients;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>The client fleet running in a child process (<c>client &lt;address&gt; &lt;streams&gt; &lt;Sotw|Delta&gt;</c>), seen from the server process.</summary>
internal sealed class ClientProcess : IDisposable
{
    public const string Mode = "client";

    private readonly Process _process;

    private ClientProcess(Process process) => _process = process;

    public static ClientProcess Start(Uri address, int streams, AdsProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(address);
        // GC settings given to the bench (DOTNET_GC*) are for the server under test, not for the clients.
        return new ClientProcess(BenchProcess.Start([Mode, address.ToString(), streams.ToString(CultureInfo.InvariantCulture), protocol.ToString()], withoutGcSettings: true));
    }

    /// <summary>Waits for the client to say every stream has sent its first request; false on timeout or exit.</summary>
    public async Task<bool> WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            while (await _process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ClientFleet.ReadyLine, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>The client process's CPU seconds so far (null when it does not answer within a few seconds).</summary>
    public async Task<double?> CpuSecondsAsync(CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await _process.StandardInput.WriteLineAsync(ClientFleet.CpuQueryLine).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(limit.Token).ConfigureAwait(false);
            while (await _process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ClientFleet.CpuLine, StringComparison.Ordinal))
                {
                    return double.Parse(line.AsSpan(ClientFleet.CpuLine.Length), CultureInfo.InvariantCulture);
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Tells the client to stop and returns its summary (null when it does not answer in time).</summary>
    public async Task<ClientSummary?> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await _process.StandardInput.WriteLineAsync(ClientFleet.StopLine).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(limit.Token).ConfigureAwait(false);
            while (await _process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ClientFleet.SummaryLine, StringComparison.Ordinal))
                {
                    var summary = JsonSerializer.Deserialize(line[ClientFleet.SummaryLine.Length..], BenchJsonContext.Default.ClientSummary);
                    await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
                    return summary;
                }
            }

            return null;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        BenchProcess.Kill(_process);
        _process.Dispose();
    }
}
