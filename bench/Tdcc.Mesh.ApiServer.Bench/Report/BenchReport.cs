using Tdcc.Mesh.ApiServer.Bench.Measurement;
using Tdcc.Mesh.Bench.Reporting;

namespace Tdcc.Mesh.ApiServer.Bench.Report;

/// <summary>Everything one run measured.</summary>
/// <param name="Options">The sizes used.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Started">When it started.</param>
/// <param name="ObjectBytes">The JSON size of one written ConfigMap as sent.</param>
/// <param name="Writes">Create and update figures, API server first, then etcd.</param>
/// <param name="FanOut">Watch fan-out figures, API server first, then etcd.</param>
/// <param name="Memory">Memory per stored object.</param>
/// <param name="EtcdVersion">The etcd measured, or null.</param>
/// <param name="EtcdMissing">Why etcd was not measured, or null when it was.</param>
internal sealed record BenchReport(
    BenchOptions Options,
    MachineInfo Machine,
    DateTimeOffset Started,
    int ObjectBytes,
    IReadOnlyList<WriteResult> Writes,
    IReadOnlyList<FanOutResult> FanOut,
    MemoryResult Memory,
    string? EtcdVersion,
    string? EtcdMissing);
