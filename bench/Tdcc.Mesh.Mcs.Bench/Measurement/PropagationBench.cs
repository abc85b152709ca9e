using System.Diagnostics;
using System.Net;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Bench.Setup;
using Tdcc.Mesh.Mcs.Bench.Workload;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>
/// One size: starts a clusterset, exports the services, waits until every member imports all of them (slices and
/// DNS), then flips one endpoint's ready condition at a time in a source member and times its arrival in every other
/// member's imported slices (watch) and DNS answers (UDP queries).
/// </summary>
internal static class PropagationBench
{
    /// <summary>Spreads the changed services over the workload (coprime with any size below it, so no repeats).</summary>
    private const int Stride = 7919;

    public static async Task<SizeResult> RunAsync(BenchOptions options, int services, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var workload = new ServiceWorkload(services, options.Members, options.EndpointsPerService, options.Namespaces);
        var zoneBuild = ZoneBuildCost.Measure(workload);
        var before = MemorySample.Now();
        var set = await BenchClusterSet.StartAsync(options.Members, workload.Namespaces, cancellationToken);
        await using (set)
        {
            var watches = new List<ImportedSliceWatch>();
            var probes = set.Members.Select(m => new DnsProbe(m.Dns.UdpEndpoint)).ToList();
            try
            {
                foreach (var member in set.Members)
                {
                    watches.Add(await ImportedSliceWatch.StartAsync(member.Client, options.EndpointsPerService, cancellationToken));
                }

                await progress.WriteLineAsync($"{services:N0} services: exporting from {options.Members} members");
                var cpuBefore = ProcessCpu();
                var start = Stopwatch.GetTimestamp();
                var slices = await CreateAsync(set, workload, options.SetupConcurrency, cancellationToken);
                var writesDone = Stopwatch.GetElapsedTime(start);
                using var convergence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                convergence.CancelAfter(options.ConvergenceTimeout);
                var imported = await Task.WhenAll(watches.Select(w => w.WaitForCompleteAsync(services, convergence.Token)));
                var sliceConvergence = Stopwatch.GetElapsedTime(start, imported.Max());
                await WaitForDnsAsync(probes, workload, options.EndpointsPerService, convergence.Token);
                var dnsConvergence = Stopwatch.GetElapsedTime(start);
                var convergenceCpu = ProcessCpu() - cpuBefore;
                var imports = await CountImportsAsync(set, cancellationToken);
                var convergenceBuilds = set.Members.Average(m => m.Dns.Updates);
                var convergenceNames = set.Members.Sum(m => m.Dns.NamesBuilt);
                var after = MemorySample.Now();
                await progress.WriteLineAsync(
                    $"{services:N0} services: imported everywhere after {sliceConvergence.TotalSeconds:0.00} s (DNS {dnsConvergence.TotalSeconds:0.00} s); measuring {options.Changes} changes");

                var (slice, dns, missed) = await MeasureChangesAsync(options, set, workload, slices, watches, probes, progress, cancellationToken);
                var changeBuilds = set.Members.Average(m => m.Dns.Updates) - convergenceBuilds;
                return new SizeResult(
                    services,
                    options.Members,
                    options.EndpointsPerService,
                    services * 3,
                    writesDone,
                    sliceConvergence,
                    dnsConvergence,
                    convergenceCpu,
                    imports,
                    convergenceBuilds,
                    convergenceNames,
                    changeBuilds,
                    slice,
                    dns,
                    missed,
                    zoneBuild,
                    new MemorySample(before.Heap, after.Heap, before.WorkingSet, after.WorkingSet));
            }
            finally
            {
                foreach (var watch in watches)
                {
                    await watch.DisposeAsync();
                }

                probes.ForEach(p => p.Dispose());
            }
        }
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    /// <summary>Creates each service's Service, EndpointSlice and ServiceExport in its source member; returns the slices as stored.</summary>
    private static async Task<EndpointSlice[]> CreateAsync(BenchClusterSet set, ServiceWorkload workload, int concurrency, CancellationToken cancellationToken)
    {
        var slices = new EndpointSlice[workload.Services.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, workload.Services.Length),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var service = workload.Services[i];
                var client = set.Members[service.SourceMember].Client;
                await client.Resource<Service>().CreateAsync(service.Service(), cancellationToken: ct);
                slices[i] = await client.Resource<EndpointSlice>().CreateAsync(service.Slice(flippedReady: true), cancellationToken: ct);
                await client.Resource<ServiceExport>().CreateAsync(service.Export(), cancellationToken: ct);
            });
        return slices;
    }

    /// <summary>Waits until every member's DNS answers every service with all its endpoints.</summary>
    private static async Task WaitForDnsAsync(IReadOnlyList<DnsProbe> probes, ServiceWorkload workload, int endpoints, CancellationToken cancellationToken)
    {
        foreach (var probe in probes)
        {
            foreach (var service in workload.Services)
            {
                while ((await probe.QueryAsync(service.DnsName, cancellationToken)).Count < endpoints)
                {
                    await Task.Delay(20, cancellationToken);
                }
            }
        }
    }

    private static async Task<int> CountImportsAsync(BenchClusterSet set, CancellationToken cancellationToken)
    {
        var counts = new List<int>();
        foreach (var member in set.Members)
        {
            counts.Add((await member.Client.Resource<ServiceImport>().ListAsync(cancellationToken: cancellationToken)).Items.Length);
        }

        return counts.Min();
    }

    private static async Task<(LatencySummary Slice, LatencySummary Dns, int Missed)> MeasureChangesAsync(
        BenchOptions options,
        BenchClusterSet set,
        ServiceWorkload workload,
        EndpointSlice[] slices,
        List<ImportedSliceWatch> watches,
        List<DnsProbe> probes,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        var sliceTicks = new List<long>();
        var dnsTicks = new List<long>();
        var missed = 0;
        var ready = new bool[workload.Services.Length];
        Array.Fill(ready, true);
        for (var change = 0; change < options.Changes; change++)
        {
            var index = (int)((long)change * Stride % workload.Services.Length);
            var service = workload.Services[index];
            var flipped = IPAddress.Parse(service.Flipped);
            var wanted = !ready[index];
            var key = $"{service.Namespace}/{service.Name}";
            var others = Enumerable.Range(0, set.Members.Count).Where(m => m != service.SourceMember).ToList();

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ChangeTimeout);
            var sliceArrivals = others.Select(m => watches[m].WaitForAsync(key, service.Flipped, wanted, timeout.Token)).ToList();
            var dnsArrivals = others.Select(m => probes[m].WaitForAsync(service.DnsName, flipped, wanted, options.DnsPollInterval, timeout.Token)).ToList();
            var written = Stopwatch.GetTimestamp();
            var update = slices[index] with { Endpoints = service.Slice(wanted).Endpoints };
            slices[index] = await set.Members[service.SourceMember].Client.Resource<EndpointSlice>().UpdateAsync(update, cancellationToken: cancellationToken);
            ready[index] = wanted;
            try
            {
                var sliceAt = await Task.WhenAll(sliceArrivals);
                var dnsAt = await Task.WhenAll(dnsArrivals);
                sliceTicks.Add(sliceAt.Max() - written);
                dnsTicks.Add(dnsAt.Max() - written);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                missed++;
                await progress.WriteLineAsync($"change {change} ({key} ready={wanted}) did not reach every member within {options.ChangeTimeout.TotalSeconds:0} s");
                await ((Task)Task.WhenAll(sliceArrivals.Concat(dnsArrivals))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await Task.Delay(options.Pause, cancellationToken);
        }

        return (LatencySummary.FromStopwatchTicks([.. sliceTicks]), LatencySummary.FromStopwatchTicks([.. dnsTicks]), missed);
    }
}
