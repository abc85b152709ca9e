using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Plugins;

namespace Tdcc.Mesh.Distribution.Scheduling.Steps;

/// <summary>
/// Divides the replicas among the chosen clusters (<see cref="Apportionment"/> does the arithmetic):
/// <list type="bullet">
/// <item>First decision, or a cluster newly bound (joined, or back after a failure): the whole count is divided, by
/// static weight, or by room (free pods plus the cluster's own replicas) capped at that room.</item>
/// <item>Scale-up: existing replicas stay; only the added ones are divided, by static weight or by free pods (capped).</item>
/// <item>Scale-down: the removed replicas are taken in proportion to the current ones (each keeps its share of the
/// new count, rounded by largest remainder).</item>
/// <item>Replicas of clusters that left (failed past their grace period, no longer selected) count as missing and are
/// placed like a scale-up.</item>
/// </list>
/// Held clusters (not Ready within the grace period, NoSchedule-tainted) keep theirs and take part in nothing.
/// </summary>
public static class Division
{
    /// <summary>The replicas per chosen cluster (same order) and how many could not be placed.</summary>
    public static (long[] Replicas, long Shortfall) Divide(
        SchedulingRequest request, IReadOnlyList<CandidateCluster> chosen, int heldReplicas, bool rebalance)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(chosen);
        var target = Math.Max(0, request.Replicas - heldReplicas);
        var dynamic = request.Strategy == PlacementStrategy.DivideDynamic;
        var n = chosen.Count;
        var keys = new ulong[n];
        var existing = new long[n];
        long existingSum = 0;
        for (var i = 0; i < n; i++)
        {
            keys[i] = chosen[i].TieKey;
            existing[i] = chosen[i].ExistingReplicas;
            existingSum += existing[i];
        }

        long[] result;
        if (existingSum == 0 || rebalance)
        {
            var weights = new long[n];
            for (var i = 0; i < n; i++)
            {
                weights[i] = dynamic ? chosen[i].EstimatedPods + chosen[i].ExistingReplicas : chosen[i].Weight;
            }

            result = Apportionment.LargestRemainder(target, weights, dynamic ? weights : [], keys);
        }
        else if (target > existingSum)
        {
            var weights = new long[n];
            for (var i = 0; i < n; i++)
            {
                weights[i] = dynamic ? chosen[i].EstimatedPods : chosen[i].Weight;
            }

            var added = Apportionment.LargestRemainder(target - existingSum, weights, dynamic ? weights : [], keys);
            result = new long[n];
            for (var i = 0; i < n; i++)
            {
                result[i] = existing[i] + added[i];
            }
        }
        else if (target < existingSum)
        {
            result = Apportionment.LargestRemainder(target, existing, existing, keys);
        }
        else
        {
            result = existing;
        }

        return (result, target - result.Sum());
    }
}
