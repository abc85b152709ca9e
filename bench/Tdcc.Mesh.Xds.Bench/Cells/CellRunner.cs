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
        using var sampler = Environment.GetEnvironmentVariable("TDCC_XDS_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
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
            sampler?.Reset();
            var (synced, initial, initialCpu, initialGc, _) = await PublishAsync(server.Cache, clients, snapshots, meters, n, options.SyncTimeout, cancellationToken).ConfigureAwait(false);
            if (sampler is not null)
            {
                await progress.WriteLineAsync("  sampled allocations, initial sync:\n" + sampler.Top(20)).ConfigureAwait(false);
            }
            string? failure = synced ? null : $"initial sync: {initial.Count:N0} of {n:N0} streams ACKed EDS within {options.SyncTimeout.TotalSeconds:0} s";
            var initialSummary = LatencySummary.FromSeconds(initial);

            var perStream = new List<double>(n * options.Changes);
            var lastAcks = new List<double>(options.Changes);
            var cpu = 0.0;
            var clientCpuTotal = 0.0;
            var changeGc = new List<GcActivity>(options.Changes);
            var translateTicks = 0L;
            var converged = 0;
            for (var change = 1; failure is null && change <= options.Changes; change++)
            {
                await Task.Delay(options.ChangeInterval, cancellationToken).ConfigureAwait(false);
                var translateStart = Stopwatch.GetTimestamp();
                workload.ApplyChange(change);
                snapshots = ClusterSetTranslator.TranslatePerCluster(workload.Model, SyntheticClusterSet.Clusters);
                translateTicks += Stopwatch.GetTimestamp() - translateStart;

                sampler?.Reset();
                var (ok, times, changeCpu, gc, clientCpu) = await PublishAsync(server.Cache, clients, snapshots, meters, n, options.ChangeTimeout, cancellationToken).ConfigureAwait(false);
                cpu += changeCpu;
                clientCpuTotal += clientCpu;
                changeGc.Add(gc);
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
                if (sampler is not null && change == options.Changes)
                {
                    await progress.WriteLineAsync("  sampled allocations, last change:\n" + sampler.Top(20)).ConfigureAwait(false);
                }
                if (change % 5 == 0 || change == options.Changes)
                {
                    await progress.WriteLineAsync($"  change {change}/{options.Changes}: last ACK after {times.Max() * 1000:0} ms").ConfigureAwait(false);
                }
            }

            var sample = ProcessSample.Take();
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            var generations = GC.GetGCMemoryInfo(GCKind.FullBlocking).GenerationInfo;
            await progress.WriteLineAsync($"  managed heap {heap / 1048576.0:0.0} MiB after a full collection; by generation (MiB): {string.Join(" / ", generations.ToArray().Select(g => (g.SizeAfterBytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)))} (gen0 / gen1 / gen2 / LOH / POH)").ConfigureAwait(false);
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
                lastAcks.Count == 0 ? 0 : clientCpuTotal / lastAcks.Count,
                initialGc,
                GcActivity.Mean(changeGc),
                translateMs,
                edsBytes,
                sample.WorkingSet,
                sample.PeakWorkingSet,
                heap,
                meters.Nacks,
                gen2,
                pause,
                client,
                ServerGc());
        }
    }

    /// <summary>
    /// Sets the snapshot of every node cluster and waits until each of the N streams has ACKed its new EDS; measures the
    /// server's CPU, allocations and collections in that window, and the client process's CPU.
    /// </summary>
    private static async Task<(bool Converged, List<double> Seconds, double CpuSeconds, GcActivity Gc, double ClientCpuSeconds)> PublishAsync(
        ISnapshotCache cache, ClientProcess clients, IReadOnlyDictionary<string, Snapshot> snapshots, XdsMeterWatcher meters, int streams, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clientBefore = await clients.CpuSecondsAsync(cancellationToken).ConfigureAwait(false);
        meters.BeginWindow(streams);
        var before = ProcessSample.Take();
        foreach (var (group, snapshot) in snapshots)
        {
            cache.SetSnapshot(group, snapshot);
        }

        var converged = await meters.WaitWindowAsync(timeout, cancellationToken).ConfigureAwait(false);
        var after = ProcessSample.Take();
        var clientAfter = await clients.CpuSecondsAsync(cancellationToken).ConfigureAwait(false);
        var clientCpu = clientBefore is { } b && clientAfter is { } a ? a - b : 0;
        return (converged, meters.WindowSeconds(), after.CpuSecondsSince(before), after.GcSince(before), clientCpu);
    }

    /// <summary>This (server) process's GC: workstation or server, concurrent or not, and any DOTNET_GC* setting it was given.</summary>
    public static string ServerGc()
    {
        var settings = Environment.GetEnvironmentVariables().Keys.OfType<string>()
            .Where(name => name.StartsWith("DOTNET_GC", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(name => $"{name}={Environment.GetEnvironmentVariable(name)}");
        var mode = (System.Runtime.GCSettings.IsServerGC ? "server" : "workstation") + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Batch ? ", non-concurrent" : ", concurrent");
        return string.Join(", ", settings.Prepend(mode));
    }

    private static CellResult Stopped(CellOptions options, string failure, Clients.ClientSummary? client) =>
        CellResult.Lost(options, failure) with { Client = client };
}
