using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Operator.Bench.Measurement;

namespace Tdcc.Mesh.Operator.Bench;

/// <summary>What one run measured, on which machine, with which options.</summary>
internal sealed record BenchReport(BenchOptions Options, MachineInfo Machine, DateTimeOffset Started, IReadOnlyList<SizeResult> Sizes);
