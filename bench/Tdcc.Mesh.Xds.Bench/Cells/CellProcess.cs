using System.Text.Json;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>
/// Runs one cell in a fresh server process (<c>cell ...</c>), so each cell's CPU and memory figures are its own, and
/// reads the <c>RESULT</c> line it prints. A cell that outlives its hard limit is ended and reported as lost.
/// </summary>
internal static class CellProcess
{
    public const string ResultLine = "RESULT ";

    public static async Task<CellResult> RunAsync(CellOptions cell, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cell);
        using var process = BenchProcess.Start(cell.ToArguments());
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(cell.HardLimit);
        CellResult? result = null;
        try
        {
            while (await process.StandardOutput.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith(ResultLine, StringComparison.Ordinal))
                {
                    result = JsonSerializer.Deserialize(line[ResultLine.Length..], BenchJsonContext.Default.CellResult);
                }
            }

            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            BenchProcess.Kill(process);
            return CellResult.Lost(cell, $"no result within the hard limit of {cell.HardLimit.TotalMinutes:0} min; the cell was ended");
        }
        finally
        {
            BenchProcess.Kill(process);
        }

        return result ?? CellResult.Lost(cell, $"the cell process exited with code {process.ExitCode} without a result");
    }
}
