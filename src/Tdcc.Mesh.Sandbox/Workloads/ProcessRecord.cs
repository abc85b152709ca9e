using System.Globalization;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// A started process's pid and kernel start time, kept in a file of its container's log directory while it runs. A
/// sandbox that died without stopping its processes finds these files at its next start and kills exactly those
/// processes: a pid whose start time differs is another process, never touched.
/// </summary>
internal static class ProcessRecord
{
    public const string FileName = "process";

    public static void Write(string directory, int pid)
    {
        if (StartTime(pid) is { } start)
        {
            File.WriteAllText(Path.Combine(directory, FileName), string.Create(CultureInfo.InvariantCulture, $"{pid} {start}"));
        }
    }

    public static void Delete(string directory) => File.Delete(Path.Combine(directory, FileName));

    /// <summary>Kills the processes recorded under <paramref name="podsDirectory"/> that still run, and removes those pods' directories; how many it killed.</summary>
    public static int ReapLeftovers(string podsDirectory)
    {
        if (!Directory.Exists(podsDirectory))
        {
            return 0;
        }

        var killed = 0;
        foreach (var pod in Directory.EnumerateDirectories(podsDirectory))
        {
            foreach (var record in Directory.EnumerateFiles(pod, FileName, SearchOption.AllDirectories))
            {
                var parts = File.ReadAllText(record).Split(' ');
                if (parts.Length == 2
                    && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid)
                    && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
                    && StartTime(pid) == start)
                {
                    ProcessSignals.Send(pid, ProcessSignals.Kill, group: false);
                    killed++;
                }
            }

            Directory.Delete(pod, recursive: true);
        }

        return killed;
    }

    /// <summary>Field 22 of <c>/proc/&lt;pid&gt;/stat</c> (start time in clock ticks since boot); null when the process is gone.</summary>
    internal static long? StartTime(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // Fields after "(comm)" start at field 3 (state); start time is field 22.
            return fields.Length > 19 && long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
