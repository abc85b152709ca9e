using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Operator.Bench.Measurement;

namespace Tdcc.Mesh.Operator.Bench;

/// <summary>Runs every size of <see cref="BenchOptions.MemberCounts"/>, one clusterset after another.</summary>
internal static class BenchSuite
{
    public static async Task<BenchReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var machine = MachineInfo.Current();
        var started = DateTimeOffset.UtcNow;
        var sizes = new List<SizeResult>();
        foreach (var members in options.MemberCounts)
        {
            sizes.Add(await OperatorBench.RunAsync(options, members, progress, cancellationToken));
        }

        return new BenchReport(options, machine, started, sizes);
    }
}
