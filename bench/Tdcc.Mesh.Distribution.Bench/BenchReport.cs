using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Bench.Measurement;

namespace Tdcc.Mesh.Distribution.Bench;

/// <summary>Everything one run measured.</summary>
internal sealed record BenchReport(DateTimeOffset Started, MachineInfo Machine, double LoadAverageAtEnd, BenchOptions Options, IReadOnlyList<PhaseResult> Phases);
