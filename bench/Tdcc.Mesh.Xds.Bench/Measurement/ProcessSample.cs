using System.Diagnostics;

namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>The current process's CPU time and memory at one moment.</summary>
internal readonly record struct ProcessSample(TimeSpan Cpu, long WorkingSet, long PeakWorkingSet, long Timestamp)
{
    public static ProcessSample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(process.TotalProcessorTime, process.WorkingSet64, process.PeakWorkingSet64, Stopwatch.GetTimestamp());
    }

    /// <summary>CPU seconds used since <paramref name="earlier"/>.</summary>
    public double CpuSecondsSince(ProcessSample earlier) => (Cpu - earlier.Cpu).TotalSeconds;

    /// <summary>Wall seconds since <paramref name="earlier"/>.</summary>
    public double WallSecondsSince(ProcessSample earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;
}
