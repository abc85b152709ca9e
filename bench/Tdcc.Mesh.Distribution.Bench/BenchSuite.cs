using System.Collections.Immutable;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench.Measurement;
using Tdcc.Mesh.Distribution.Bench.Report;
using Tdcc.Mesh.Distribution.Bench.Workload;
using Tdcc.Mesh.Distribution.Scheduling;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Bench;

/// <summary>
/// Per cluster count and thread count, two phases over the same subscriptions: <c>initial</c> (no previous placement)
/// and <c>rescheduled</c> (one minute later: every subscription's replicas changed by up to ±20 % and 2 % more clusters
/// failed past their grace period, so decisions scale up, scale down and move replicas with graceful eviction).
/// </summary>
internal static class BenchSuite
{
    public static BenchReport Run(BenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var machine = MachineInfo.Current();
        var started = DateTimeOffset.UtcNow;
        var now = new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);
        var scheduler = ClusterScheduler.CreateDefault();
        var requests = SyntheticSubscriptions.Create(options.Subscriptions, options.Seed, now);
        var phases = new List<PhaseResult>();
        var warmedUp = false;
        foreach (var count in options.ClusterCounts)
        {
            var clusters = SyntheticClusters.Create(count, options.Seed, now);
            var later = Fail(clusters, options.Seed, now);
            if (!warmedUp)
            {
                SchedulingRun.Run(scheduler, requests[..Math.Min(1_000, requests.Length)], clusters, 1, "warm-up");
                warmedUp = true;
            }

            foreach (var threads in options.ResolvedThreads(machine.Cores))
            {
                var (results, initial) = SchedulingRun.Run(scheduler, requests, clusters, threads, "initial");
                phases.Add(initial);
                log.WriteLine(ReportTables.Line(initial));
                var changed = Changed(requests, results, options.Seed, now.AddMinutes(1));
                var (_, rescheduled) = SchedulingRun.Run(scheduler, changed, later, threads, "rescheduled");
                phases.Add(rescheduled);
                log.WriteLine(ReportTables.Line(rescheduled));
            }
        }

        return new BenchReport(started, machine, MachineInfo.LoadAverageNow(), options, phases);
    }

    /// <summary>The clusterset a minute later: 2 % more clusters not Ready for 10 minutes (past the 5-minute grace period).</summary>
    private static ImmutableArray<ClusterFacts> Fail(ImmutableArray<ClusterFacts> clusters, int seed, DateTimeOffset now)
    {
        var random = new Random(seed + 1);
        return [.. clusters.Select(c => random.NextDouble() < 0.02 ? c with { Ready = false, NotReadySince = now.AddMinutes(-10) } : c)];
    }

    /// <summary>Each request with its decision as the previous placement and its replicas changed by up to ±20 %.</summary>
    private static ImmutableArray<SchedulingRequest> Changed(
        ImmutableArray<SchedulingRequest> requests, SchedulingResult[] results, int seed, DateTimeOffset now)
    {
        var random = new Random(seed + 2);
        return [.. requests.Select((r, i) => r with
        {
            Previous = results[i].Placement,
            Replicas = Math.Max(1, (int)Math.Round(r.Replicas * (0.8 + (0.4 * random.NextDouble())))),
            Now = now,
        })];
    }
}
