using System.Diagnostics;

namespace Tdcc.Mesh.Xds.Bench.Measurement;

/// <summary>The current process's CPU time, memory, allocations and collections at one moment.</summary>
internal readonly record struct ProcessSample(
    TimeSpan Cpu, long WorkingSet, long PeakWorkingSet, long Timestamp, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
{
    public static ProcessSample Take()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessSample(
            process.TotalProcessorTime,
            process.WorkingSet64,
            process.PeakWorkingSet64,
            Stopwatch.GetTimestamp(),
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration());
    }

    /// <summary>CPU seconds used since <paramref name="earlier"/>.</summary>
    public double CpuSecondsSince(ProcessSample earlier) => (Cpu - earlier.Cpu).TotalSeconds;

    /// <summary>Wall seconds since <paramref name="earlier"/>.</summary>
    public double WallSecondsSince(ProcessSample earlier) => Stopwatch.GetElapsedTime(earlier.Timestamp, Timestamp).TotalSeconds;

    /// <summary>What the process allocated and collected since <paramref name="earlier"/>.</summary>
    public GcActivity GcSince(ProcessSample earlier) => new(
        AllocatedBytes - earlier.AllocatedBytes,
        Gen0 - earlier.Gen0,
        Gen1 - earlier.Gen1,
        Gen2 - earlier.Gen2,
        (GcPause - earlier.GcPause).TotalMilliseconds);
}
