using System.Diagnostics;

namespace Tdcc.Mesh.Distribution.Helm;

/// <summary>
/// Runs the real <c>helm</c> binary: arguments as a list (no shell), the given environment added to the process's,
/// standard output and error captured, a timeout and cancellation that stop only the helm this call started.
/// Shared by the hub's chart renderer and the sandbox (which installs the mesh's own chart).
/// </summary>
public sealed class HelmProcess(string helmPath, IReadOnlyDictionary<string, string>? environment = null)
{
    /// <summary>The executable run (a path, or a name looked up on PATH).</summary>
    public string HelmPath { get; } = helmPath;

    /// <summary>Runs helm with <paramref name="arguments"/>; a non-zero exit is returned, not thrown.</summary>
    /// <exception cref="HelmException">helm could not be started, or it ran longer than <paramref name="timeout"/>.</exception>
    public async Task<HelmResult> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(HelmPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new HelmException($"could not start {HelmPath}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HelmException($"could not start helm ({HelmPath}): {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Only the helm this call started is stopped.
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new HelmException($"helm {string.Join(' ', arguments.Take(2))} did not finish within {timeout.TotalSeconds:0}s");
            }

            return new HelmResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
    }
}
