using System.Diagnostics;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// Starts this benchmark again as a child process in one of its serving modes (a gateway hop, the TCP backend), and
/// stops such a child by closing its standard input: no signal, nothing it did not start is touched.
/// </summary>
internal static class ChildProcess
{
    public static Process Start(IEnumerable<string> arguments, bool redirectOutput = false)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var start = new ProcessStartInfo(self) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = redirectOutput };
        if (Path.GetFileNameWithoutExtension(self) is "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start " + string.Join(' ', arguments));
    }

    public static async Task StopAsync(Process child)
    {
        if (!child.HasExited)
        {
            child.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await child.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        child.Dispose();
    }

    /// <summary>The resident set of a process in bytes (Linux <c>/proc/&lt;pid&gt;/status</c>, VmRSS).</summary>
    public static long ResidentBytes(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"no VmRSS for process {pid}");
    }
}
