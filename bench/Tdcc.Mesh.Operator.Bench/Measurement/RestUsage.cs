using System.Diagnostics;

namespace Tdcc.Mesh.Operator.Bench.Measurement;

/// <summary>A process's memory and CPU while nothing changes: peak and average RSS, and CPU time over wall time.</summary>
internal sealed record RestUsage(double PeakRssMiB, double AverageRssMiB, double Cores)
{
    private const double MiB = 1024 * 1024;

    /// <summary>Samples the processes' RSS every <paramref name="interval"/> for <paramref name="duration"/>, and their CPU time at both ends.</summary>
    public static async Task<IReadOnlyList<RestUsage>> SampleAsync(IReadOnlyList<int> pids, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pids);
        var rss = pids.Select(_ => new List<long>()).ToArray();
        var cpuBefore = pids.Select(ProcFs.CpuTime).ToArray();
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            for (var i = 0; i < pids.Count; i++)
            {
                rss[i].Add(ProcFs.RssBytes(pids[i]));
            }

            await Task.Delay(interval, cancellationToken);
        }

        var wall = Stopwatch.GetElapsedTime(start);
        return [.. pids.Select((pid, i) => new RestUsage(
            rss[i].Max() / MiB,
            rss[i].Average() / MiB,
            (ProcFs.CpuTime(pid) - cpuBefore[i]) / wall))];
    }
}
