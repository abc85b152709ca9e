using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Bench.Workload;

/// <summary>
/// Synthetic subscriptions, by index modulo 10: 3 in 10 replicate to <c>env=prod</c> (some at most 10 or 50 clusters,
/// some spread over at least 3 regions); 3 in 10 divide 1 to 100 replicas statically over three region subscribers
/// weighted 1, 2, 3; 4 in 10 divide 10 to 1,000 replicas dynamically (pods of 0.1 to 2 CPUs, 128 MiB to 4 GiB) over
/// prod or gold/silver clusters, some at most 20 clusters. One in 10 tolerates the gpu taint, one in 5 needs a CRD.
/// </summary>
internal static class SyntheticSubscriptions
{
    public static ImmutableArray<SchedulingRequest> Create(int count, int seed, DateTimeOffset now)
    {
        var random = new Random(seed);
        var prod = LabelSelector.Parse("env=prod");
        var goldOrSilver = LabelSelector.Parse("tier in (gold,silver)");
        var builder = ImmutableArray.CreateBuilder<SchedulingRequest>(count);
        for (var i = 0; i < count; i++)
        {
            var request = new SchedulingRequest
            {
                Key = "team-" + (i % 50).ToString(CultureInfo.InvariantCulture) + "/app-" + i.ToString(CultureInfo.InvariantCulture),
                Now = now,
                Tolerations = random.Next(10) == 0 ? [new ClusterToleration { Key = "dedicated", Operator = "Exists" }] : [],
                RequiredApiVersions = random.Next(5) == 0 ? ["apps/v1", "example.com/v1"] : ["apps/v1"],
            };
            builder.Add((i % 10) switch
            {
                < 3 => request with
                {
                    Strategy = PlacementStrategy.Replicate,
                    Replicas = random.Next(1, 4),
                    Subscribers = [new SubscriberRule { Labels = prod }],
                    MaxClusters = random.Next(3) switch { 0 => 10, 1 => 50, _ => null },
                    Spread = random.Next(3) == 0 ? [new SpreadRule(TopologyKeys.Region, MinGroups: 3)] : [],
                },
                < 6 => request with
                {
                    Strategy = PlacementStrategy.DivideStatic,
                    Replicas = random.Next(1, 101),
                    Subscribers = [.. Enumerable.Range(0, 3).Select(k => RegionSubscriber(random, k + 1))],
                },
                _ => request with
                {
                    Strategy = PlacementStrategy.DivideDynamic,
                    Replicas = random.Next(10, 1001),
                    PodRequest = new ResourceAmount(random.Next(1, 21) * 100, random.Next(1, 33) * 128L * 1024 * 1024, 1),
                    Subscribers = [new SubscriberRule { Labels = prod }, new SubscriberRule { Labels = goldOrSilver }],
                    MaxClusters = random.Next(2) == 0 ? 20 : null,
                },
            });
        }

        return builder.MoveToImmutable();
    }

    private static SubscriberRule RegionSubscriber(Random random, int weight)
    {
        var regions = Enumerable.Range(0, 10).Where(_ => random.Next(3) == 0).Select(r => "r" + r.ToString(CultureInfo.InvariantCulture)).ToImmutableArray();
        return new SubscriberRule
        {
            Fields = [new TopologyRequirement(TopologyKeys.Region, In: true, regions.IsEmpty ? ["r0"] : regions)],
            Weight = weight,
        };
    }
}
