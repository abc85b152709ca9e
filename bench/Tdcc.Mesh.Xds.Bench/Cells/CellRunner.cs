using System.Diagnostics;
using Tdcc.Mesh.Xds.Bench.Measurement;
using Tdcc.Mesh.Xds.Bench.Workload;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Bench.Cells;

/// <summary>
/// One cell, in its own process (the server process): start the xDS server, start the client process, let N streams
/// subscribe, publish the first snapshots (initial sync), then change one service's endpoints R times and time every
/// stream's ACK of each change. Timing starts at <see cref="ISnapshotCache.SetSnapshot"/> (no debouncer in the path)
/// and ends when the server receives the ACK: the server's own <c>tdcc.xds.convergence.time</c> measurements.
/// </summary>
internal static class CellRunner
{
    public static async Task<CellResult> RunAsync(CellOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var n = options.Streams;
        var workload = new SyntheticClusterSet(options.Services);
        var snapshots = ClusterSetTranslator.TranslatePerCluster(workload.Model, SyntheticClusterSet.Clusters);
        var edsBytes = snapshots[SyntheticClusterSet.Clusters[0]].Get(TypeUrls.ClusterLoadAssignment).Items.Values.Sum(r => (long)r.Packed.Value.Length);

        using var meters = new XdsMeterWatcher();
        var server = await XdsBenchServer.StartAsync(cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            var connectStart = Stopwatch.GetTimestamp();
            using var clients = ClientProcess.Start(server.Address, n, options.Protocol);
            if (!await clients.WaitReadyAsync(options.SyncTimeout, cancellationToken).ConfigureAwait(false)
                || !await meters.WaitConnectedAsync(n, options.SyncTimeout, cancellationToken).ConfigureAwait(false))
            {
                return Stopped(options, $"only {meters.Connected:N0} of {n:N0} streams connected within {options.SyncTimeout.TotalSeconds:0} s", await clients.StopAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false));
            }

            var connectSeconds = Stopwatch.GetElapsedTime(connectStart).TotalSeconds;
            await progress.WriteLineAsync($"  {n:N0} streams connected in {connectSeconds:0.00} s; initial sync of {options.Services:N0} services").ConfigureAwait(false);

            // Initial sync: every stream waits for CDS; publishing the snapshots sends CDS, then EDS on request.
            var (synced, initial, initialCpu) = await PublishAsync(server.Cache, snapshots, meters, n, options.SyncTimeout, cancellationToken).ConfigureAwait(false);
            string? failure = synced ? null : $"initial sync: {initial.Count:N0} of {n:N0} streams ACKed EDS within {options.SyncTimeout.TotalSeconds:0} s";
            var initialSummary = LatencySummary.FromSeconds(initial);

            var perStream = new List<double>(n * options.Changes);
            var lastAcks = new List<double>(options.Changes);
            var cpu = 0.0;
            var translateTicks = 0L;
            var converged = 0;
            for (var change = 1; failure is null && change <= options.Changes; change++)
            {
                await Task.Delay(options.ChangeInterval, cancellationToken).ConfigureAwait(false);
                var translateStart = Stopwatch.GetTimestamp();
                workload.ApplyChange(change);
                snapshots = ClusterSetTranslator.TranslatePerCluster(workload.Model, SyntheticClusterSet.Clusters);
                translateTicks += Stopwatch.GetTimestamp() - translateStart;

                var (ok, times, changeCpu) = await PublishAsync(server.Cache, snapshots, meters, n, options.ChangeTimeout, cancellationToken).ConfigureAwait(false);
                cpu += changeCpu;
                perStream.AddRange(times);
                if (times.Count > 0)
                {
                    lastAcks.Add(times.Max());
                }

                if (!ok)
                {
                    failure = $"change {change}: {times.Count:N0} of {n:N0} streams ACKed within {options.ChangeTimeout.TotalSeconds:0} s";
                    break;
                }

                converged++;
                if (change % 5 == 0 || change == options.Changes)
                {
                    await progress.WriteLineAsync($"  change {change}/{options.Changes}: last ACK after {times.Max() * 1000:0} ms").ConfigureAwait(false);
                }
            }

            var sample = ProcessSample.Take();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var gen2 = GC.CollectionCount(2);
            var pause = GC.GetTotalPauseDuration().TotalMilliseconds;
            var client = await clients.StopAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
            var translateMs = converged == 0 ? 0 : Stopwatch.GetElapsedTime(0, translateTicks).TotalMilliseconds / Math.Max(1, lastAcks.Count);
            return new CellResult(
                options.Protocol,
                n,
                options.Services,
                options.Changes,
                failure,
                connectSeconds,
                initialSummary,
                initialCpu,
                converged,
                LatencySummary.FromSeconds(perStream),
                LatencySummary.FromSeconds(lastAcks),
                lastAcks.Count == 0 ? 0 : cpu / lastAcks.Count,
                translateMs,
                edsBytes,
                sample.WorkingSet,
                sample.PeakWorkingSet,
                heap,
                meters.Nacks,
                gen2,
                pause,
                client);
        }
    }

    /// <summary>Sets the snapshot of every node cluster and waits until each of the N streams has ACKed its new EDS.</summary>
    private static async Task<(bool Converged, List<double> Seconds, double CpuSeconds)> PublishAsync(
        ISnapshotCache cache, IReadOnlyDictionary<string, Snapshot> snapshots, XdsMeterWatcher meters, int streams, TimeSpan timeout, CancellationToken cancellationToken)
    {
        meters.BeginWindow(streams);
        var before = ProcessSample.Take();
        foreach (var (group, snapshot) in snapshots)
        {
            cache.SetSnapshot(group, snapshot);
        }

        var converged = await meters.WaitWindowAsync(timeout, cancellationToken).ConfigureAwait(false);
        var after = ProcessSample.Take();
        return (converged, meters.WindowSeconds(), after.CpuSecondsSince(before));
    }

    private static CellResult Stopped(CellOptions options, string failure, Clients.ClientSummary? client) =>
        CellResult.Lost(options, failure) with { Client = client };
}
