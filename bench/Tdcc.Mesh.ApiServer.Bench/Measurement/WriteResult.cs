namespace Tdcc.Mesh.ApiServer.Bench.Measurement;

/// <summary>Throughput and request latency of one write phase (create or update).</summary>
internal sealed record WriteResult(string Target, string Operation, int Objects, int Concurrency, TimeSpan Elapsed, LatencySummary Latency)
{
    public double ObjectsPerSecond => Elapsed > TimeSpan.Zero ? Objects / Elapsed.TotalSeconds : 0;
}
