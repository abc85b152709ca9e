using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Mcs.Bench.Measurement;
using Tdcc.Mesh.Mcs.Bench.Report;

namespace Tdcc.Mesh.Mcs.Bench;

/// <summary>Runs every size in order, each on its own clusterset, and collects the report.</summary>
internal static class BenchSuite
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var machine = MachineInfo.Current();
        var started = DateTimeOffset.UtcNow;
        var sizes = new List<SizeResult>();
        foreach (var services in options.ServiceCounts)
        {
            sizes.Add(await PropagationBench.RunAsync(options, services, progress, cancellationToken));
        }

        return new BenchReport(options, machine, started, sizes, MachineInfo.LoadAverageNow());
    }
}
