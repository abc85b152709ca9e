using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Mcs.Bench.Measurement;

namespace Tdcc.Mesh.Mcs.Bench.Report;

/// <summary>Everything one run measured.</summary>
/// <param name="Options">The sizes used.</param>
/// <param name="Machine">Where it ran (with the load average when it started).</param>
/// <param name="Started">When it started.</param>
/// <param name="Sizes">One result per service count, in order.</param>
/// <param name="LoadAverageAfter">The 1-minute load average when it finished.</param>
internal sealed record BenchReport(BenchOptions Options, MachineInfo Machine, DateTimeOffset Started, IReadOnlyList<SizeResult> Sizes, double LoadAverageAfter);
