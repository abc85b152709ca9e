using System.Diagnostics;
using System.Globalization;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Bench;

/// <summary>
/// Runs in a child process (so every size starts from a fresh process): starts a sandbox of the given size with the
/// mesh and a workload in every member, measures the time until it is ready and the memory it holds then, stops it, and
/// prints the result as JSON. Workload <c>echo</c> is the demo (3 echo pods per member serving HTTP and gRPC,
/// demo/echo exported by the first member and imported by all); <c>pause</c> is a Deployment of 3 pods per member
/// whose image listens on nothing (what most pods of a large sandbox need).
/// </summary>
internal static class ScaleChild
{
    public static async Task<ScaleResult> RunAsync(int members, NetworkMode network, string workload, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-scale-bench-").FullName;
        var name = network.ToString().ToLowerInvariant();
        try
        {
            var options = new SandboxOptions
            {
                Directory = directory,
                Members = members,
                InMemory = true,
                Demo = workload == "echo",
                Network = network,
                StartParallelism = 8,

                // Namespaced blocks start at 0 (they only fit 1,008 members); loopback blocks far above make run's.
                AddressOffset = network == NetworkMode.Loopback ? 1024 : 0,
            };
            var clock = Stopwatch.StartNew();
            var set = await SandboxHost.StartAsync(options, cancellationToken: cancellationToken);
            if (workload == "pause")
            {
                await Parallel.ForEachAsync(set.Clusters.Where(c => c.Role == ClusterRole.Member), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (member, ct) =>
                    await PauseWorkload.DeployAndWaitAsync(member.Client, ct));
            }

            var ready = clock.Elapsed.TotalSeconds;
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var (rss, peak, threads) = ReadStatus();
            clock.Restart();
            await set.StopAsync(cancellationToken: CancellationToken.None);
            return new ScaleResult(name, members, workload, members * 3, ready, rss, peak, threads, clock.Elapsed.TotalSeconds, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new ScaleResult(name, members, workload, members * 3, 0, 0, 0, 0, 0, e.GetType().Name + ": " + e.Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (double Rss, double Peak, int Threads) ReadStatus()
    {
        double rss = 0, peak = 0;
        var threads = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            var parts = line.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2)
            {
                continue;
            }

            switch (parts[0])
            {
                case "VmRSS":
                    rss = Kib(parts[1]) / 1024;
                    break;
                case "VmHWM":
                    peak = Kib(parts[1]) / 1024;
                    break;
                case "Threads":
                    threads = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    break;
            }
        }

        return (rss, peak, threads);
    }

    private static double Kib(string value) => double.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture);
}
