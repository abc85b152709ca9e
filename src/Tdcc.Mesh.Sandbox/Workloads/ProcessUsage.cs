using System.Globalization;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// Reads one process's resource usage from /proc: CPU time (utime + stime of <c>/proc/&lt;pid&gt;/stat</c>), its start
/// (starttime), and its resident set (<c>/proc/&lt;pid&gt;/statm</c>), the working set a kubelet would report.
/// </summary>
internal static class ProcessUsage
{
    /// <summary>USER_HZ: the unit of the times in /proc/&lt;pid&gt;/stat (100 on every Linux ABI .NET runs on).</summary>
    public const long ClockTicksPerSecond = 100;

    /// <summary>CPU seconds used so far and seconds since the process started; null when the process is gone.</summary>
    public static (double CpuSeconds, double AgeSeconds)? CpuTimes(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        var uptime = ReadOrNull("/proc/uptime");
        if (stat is null || uptime is null)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may hold spaces: fields are counted after its ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        if (fields.Length < 20
            || !long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var utime)
            || !long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var stime)
            || !long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var startTicks)
            || !double.TryParse(uptime.Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var upSeconds))
        {
            return null;
        }

        return ((utime + stime) / (double)ClockTicksPerSecond, Math.Max(0, upSeconds - (startTicks / (double)ClockTicksPerSecond)));
    }

    /// <summary>Resident set size in bytes; null when the process is gone.</summary>
    public static long? ResidentBytes(int pid)
    {
        var statm = ReadOrNull($"/proc/{pid}/statm");
        return statm is not null && statm.Split(' ') is { Length: > 1 } parts && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            ? pages * Environment.SystemPageSize
            : null;
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
