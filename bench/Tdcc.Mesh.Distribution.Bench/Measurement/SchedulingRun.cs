using System.Collections.Immutable;
using System.Diagnostics;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Bench.Measurement;

/// <summary>Schedules every request once and times each decision (Stopwatch around one <see cref="ClusterScheduler.Schedule"/>).</summary>
internal static class SchedulingRun
{
    /// <summary>Percentiles of the per-decision thread CPU times (nanoseconds), or null when the clock is not available.</summary>
    private static LatencySummary? CpuSummary(long[] nanoseconds)
    {
        if (nanoseconds.Length == 0 || ThreadCpuClock.NowNanoseconds() < 0)
        {
            return null;
        }

        var ticks = nanoseconds.Select(ns => ns * Stopwatch.Frequency / 1_000_000_000).ToArray();
        return LatencySummary.Of(ticks);
    }

    public static (SchedulingResult[] Results, PhaseResult Figures) Run(
        ClusterScheduler scheduler, ImmutableArray<SchedulingRequest> requests, ImmutableArray<ClusterFacts> clusters, int threads, string phase)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        var results = new SchedulingResult[requests.Length];
        var ticks = new long[requests.Length];
        var cpu = new long[requests.Length];
        IReadOnlyList<ClusterFacts> view = clusters;
        var wall = Stopwatch.StartNew();
        if (threads == 1)
        {
            for (var i = 0; i < requests.Length; i++)
            {
                Decide(i);
            }
        }
        else
        {
            Parallel.For(0, requests.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, Decide);
        }

        wall.Stop();
        var unschedulable = results.Count(r => !r.Schedulable);
        var placements = results.Average(r => (double)r.Placement.Assignments.Length);
        return (results, new PhaseResult(clusters.Length, threads, phase, wall.Elapsed.TotalSeconds, LatencySummary.Of(ticks), CpuSummary(cpu), unschedulable, placements));

        void Decide(int i)
        {
            var cpuStart = ThreadCpuClock.NowNanoseconds();
            var start = Stopwatch.GetTimestamp();
            results[i] = scheduler.Schedule(requests[i], view);
            ticks[i] = Stopwatch.GetTimestamp() - start;
            cpu[i] = ThreadCpuClock.NowNanoseconds() - cpuStart;
        }
    }
}
