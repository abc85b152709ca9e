using System.Globalization;
using System.Runtime.InteropServices;

namespace Tdcc.Mesh.Bench.Reporting;

/// <summary>The machine a run was measured on.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Cpu, string Os, string Runtime, double LoadAverage)
{
    /// <summary>True when other work kept the cores busy (1-minute load above half the cores).</summary>
    public bool Busy => LoadAverage > Cores * 0.5;

    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        MemTotalBytes(),
        ProcFileValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    /// <summary>The 1-minute load average, or 0 where /proc/loadavg does not exist.</summary>
    public static double LoadAverageNow()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static long MemTotalBytes()
    {
        var kib = ProcFileValue("/proc/meminfo", "MemTotal")?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        return kib is not null && long.TryParse(kib, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value * 1024
            : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string? ProcFileValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }
}
