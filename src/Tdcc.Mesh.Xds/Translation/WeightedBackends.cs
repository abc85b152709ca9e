using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The clusters a rule's backends resolve to, with their weights: unresolved backends and zero weights are dropped,
/// backends naming the same cluster add up (first one's position), and when the sum would not fit a uint32 (gRPC
/// rejects such a route) every weight is divided by the same factor, keeping at least 1.
/// </summary>
internal static class WeightedBackends
{
    public static IReadOnlyList<(string Cluster, uint Weight)> Resolve(IEnumerable<RouteBackendModel> backends, Func<RouteBackendModel, string?> clusterOf)
    {
        var order = new List<string>();
        var weights = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var backend in backends)
        {
            if (backend.Weight == 0 || clusterOf(backend) is not { } cluster)
            {
                continue;
            }

            if (weights.TryGetValue(cluster, out var sum))
            {
                weights[cluster] = sum + backend.Weight;
            }
            else
            {
                order.Add(cluster);
                weights[cluster] = backend.Weight;
            }
        }

        var total = weights.Values.Aggregate(0UL, (sum, weight) => sum + weight);
        var divisor = total > uint.MaxValue ? (total / uint.MaxValue) + 1 : 1;
        return [.. order.Select(cluster => (cluster, (uint)Math.Max(1UL, weights[cluster] / divisor)))];
    }
}
