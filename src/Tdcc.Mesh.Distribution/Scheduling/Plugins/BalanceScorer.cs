namespace Tdcc.Mesh.Distribution.Scheduling.Plugins;

/// <summary>
/// Prefers clusters whose CPU and memory stay in balance with one more pod of the template: 100 − 100 × |CPU
/// fraction requested − memory fraction requested| (the idea of kube's balanced allocation, on the cluster total).
/// </summary>
public sealed class BalanceScorer(int weight = 1) : IClusterScorer
{
    public string Name => "Balance";

    public int Weight => weight;

    public void Score(SchedulingContext context, IReadOnlyList<CandidateCluster> candidates, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(candidates);
        var request = context.Request;
        for (var i = 0; i < candidates.Count; i++)
        {
            var total = candidates[i].Facts.Total();
            if (total.Allocatable.MilliCpu <= 0 || total.Allocatable.MemoryBytes <= 0)
            {
                scores[i] = 0;
                continue;
            }

            var cpu = Math.Min(1.0, (double)(total.Requested.MilliCpu + request.PodRequest.MilliCpu) / total.Allocatable.MilliCpu);
            var memory = Math.Min(1.0, (double)(total.Requested.MemoryBytes + request.PodRequest.MemoryBytes) / total.Allocatable.MemoryBytes);
            scores[i] = 100.0 - (100.0 * Math.Abs(cpu - memory));
        }
    }
}
