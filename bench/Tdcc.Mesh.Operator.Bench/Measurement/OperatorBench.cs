using System.Diagnostics;
using Tdcc.Mesh.Operator.Bench.Setup;
using Tdcc.Mesh.Operator.Bench.Workload;

namespace Tdcc.Mesh.Operator.Bench.Measurement;

/// <summary>
/// One size: M members join (the agent process for member 0, the rest in process), member 1 exports the services,
/// member 0's agent process imports them; then the hub and agent processes are sampled at rest, and the hub process is
/// restarted (SIGTERM, start) while one more service is exported, timing its readiness and that export's import.
/// </summary>
internal static class OperatorBench
{
    public static async Task<SizeResult> RunAsync(BenchOptions options, int members, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout + options.ImportTimeout + options.Settle + options.SampleDuration);
        var token = timeout.Token;
        var start = Stopwatch.GetTimestamp();
        var set = await OperatorClusterSet.StartAsync(members, progress, token);
        await using (set)
        {
            var join = Stopwatch.GetElapsedTime(start);
            await progress.WriteLineAsync($"{members} members: joined after {join.TotalSeconds:0.0} s; member 1 exports {options.Services:N0} services");

            var exporting = Stopwatch.GetTimestamp();
            await ExportedServices.CreateAsync(set.Members[1], OperatorClusterSet.WorkloadNamespace, 0, options.Services, options.EndpointsPerService, options.SetupConcurrency, token);
            using var importTimeout = CancellationTokenSource.CreateLinkedTokenSource(token);
            importTimeout.CancelAfter(options.ImportTimeout);
            var converged = true;
            try
            {
                await WaitImportedAsync(set, options.Services, null, TimeSpan.FromSeconds(1), importTimeout.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                converged = false;
            }

            var import = Stopwatch.GetElapsedTime(exporting);
            if (!converged)
            {
                var (imported, _) = await ExportedServices.ImportedAsync(set.Members[0], OperatorClusterSet.WorkloadNamespace, null, token);
                await progress.WriteLineAsync($"{members} members: NOT converged: member 0 imported {imported:N0} of {options.Services:N0} services in {import.TotalSeconds:0} s; sampling {options.SampleDuration.TotalSeconds:0} s while importing, no restart");
                var busy = await RestUsage.SampleAsync([set.HubProcess.Id, set.AgentProcess.Id], options.SampleDuration, options.SampleInterval, token);
                return new SizeResult(members, options.Services, join, import, imported, false, busy[0], busy[1], null, null, Stopwatch.GetElapsedTime(start));
            }

            await progress.WriteLineAsync($"{members} members: member 0's agent process imported {options.Services:N0} services after {import.TotalSeconds:0.0} s; at rest for {options.Settle.TotalSeconds:0} s, then sampling {options.SampleDuration.TotalSeconds:0} s");

            await Task.Delay(options.Settle, token);
            var usage = await RestUsage.SampleAsync([set.HubProcess.Id, set.AgentProcess.Id], options.SampleDuration, options.SampleInterval, token);

            await progress.WriteLineAsync($"{members} members: restarting the hub process while member 1 exports one more service");
            await set.HubProcess.StopAsync(token);
            await set.HubProcess.DisposeAsync();
            var extra = ExportedServices.Name(options.Services);
            await ExportedServices.CreateAsync(set.Members[1], OperatorClusterSet.WorkloadNamespace, options.Services, 1, options.EndpointsPerService, 1, token);
            var restart = Stopwatch.GetTimestamp();
            await set.StartHubAsync(token);
            await set.HubProcess.WaitReadyAsync(set.Http, options.Timeout, token);
            var ready = Stopwatch.GetElapsedTime(restart);
            await WaitImportedAsync(set, options.Services + 1, extra, TimeSpan.FromMilliseconds(100), token);
            var newExport = Stopwatch.GetElapsedTime(restart);
            await progress.WriteLineAsync($"{members} members: the restarted hub was ready after {ready.TotalSeconds:0.00} s, the new export imported after {newExport.TotalSeconds:0.00} s");
            return new SizeResult(members, options.Services, join, import, options.Services, true, usage[0], usage[1], ready, newExport, Stopwatch.GetElapsedTime(start));
        }
    }

    /// <summary>Polls member 0 until it has <paramref name="count"/> ServiceImports with IPs (and <paramref name="name"/> among them).</summary>
    private static async Task WaitImportedAsync(OperatorClusterSet set, int count, string? name, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (imported, has) = await ExportedServices.ImportedAsync(set.Members[0], OperatorClusterSet.WorkloadNamespace, name, cancellationToken);
            if (imported >= count && (name is null || has))
            {
                return;
            }

            if (set.AgentProcess.HasExited || set.HubProcess.HasExited)
            {
                throw new InvalidOperationException($"a process exited while member 0 imported {imported} of {count}:\nhub:\n{set.HubProcess.Tail}\nagent:\n{set.AgentProcess.Tail}");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }
}
