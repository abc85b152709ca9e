namespace Tdcc.Mesh.Distribution.Bench.Measurement;

/// <summary>
/// The figures of one phase: every subscription scheduled once over one clusterset with one thread count. <see cref="Latency"/>
/// is wall time per decision; <see cref="Cpu"/> the CPU time the deciding thread spent (null where not measurable).
/// </summary>
internal sealed record PhaseResult(
    int Clusters, int Threads, string Phase, double Seconds, LatencySummary Latency, LatencySummary? Cpu, int Unschedulable, double AveragePlacements)
{
    public double DecisionsPerSecond => Seconds > 0 ? Latency.Count / Seconds : 0;
}
