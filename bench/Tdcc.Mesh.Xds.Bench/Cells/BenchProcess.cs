using System.Diagnostics;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>
/// Starts this bench binary again in another mode (<c>cell</c>, <c>client</c>) as a child process with redirected
/// standard streams: <c>dotnet Tdcc.Mesh.Xds.Bench.dll &lt;mode&gt; ...</c>.
/// </summary>
internal static class BenchProcess
{
    /// <summary>Starts the child; <paramref name="withoutGcSettings"/> drops the <c>DOTNET_GC*</c> variables it would inherit.</summary>
    public static Process Start(IEnumerable<string> arguments, bool withoutGcSettings = false)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        if (withoutGcSettings)
        {
            foreach (var name in info.Environment.Keys.Where(name => name.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                info.Environment.Remove(name);
            }
        }

        info.ArgumentList.Add(typeof(BenchProcess).Assembly.Location);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start " + info.FileName);
    }

    /// <summary>Ends a child that did not stop by itself (the whole tree: a cell owns its client process).</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
