using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Steps;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling;

/// <summary>Properties over many random inputs (fixed seeds, so a failure reproduces): sums, caps, determinism.</summary>
public sealed class ClusterSchedulerPropertyTests
{
    private const int Runs = 300;

    [Fact]
    public void Schedule_RandomStaticDivisions_SumAlwaysEqualsTheReplicas()
    {
        var random = new Random(1501);
        for (var run = 0; run < Runs; run++)
        {
            var clusters = RandomClusters(random);
            var request = Fixtures.Request(PlacementStrategy.DivideStatic, random.Next(0, 200), Fixtures.Everyone(random.Next(1, 4)), Fixtures.Named(random.Next(0, 5), clusters[0].Name));

            var result = Fixtures.Scheduler.Schedule(request, clusters);

            result.Schedulable.Should().BeTrue($"run {run}");
            result.Placement.ActiveReplicas.Should().Be(request.Replicas, $"run {run}");
        }
    }

    [Fact]
    public void Schedule_RandomDynamicDivisions_SumIsTheReplicasWhenCapacityAllowsAndNoClusterExceedsItsRoom()
    {
        var random = new Random(1502);
        for (var run = 0; run < Runs; run++)
        {
            var clusters = RandomClusters(random);
            var request = Fixtures.Request(PlacementStrategy.DivideDynamic, random.Next(0, 300));
            var room = clusters.ToDictionary(c => c.Name, c => CapacityEstimator.PodsThatFit(c, request.PodRequest));

            var result = Fixtures.Scheduler.Schedule(request, clusters);

            var capacity = room.Values.Sum();
            result.Placement.ActiveReplicas.Should().Be((int)Math.Min(request.Replicas, capacity), $"run {run}");
            result.Schedulable.Should().Be(request.Replicas <= capacity, $"run {run}");
            foreach (var (cluster, replicas) in result.Replicas())
            {
                replicas.Should().BeLessThanOrEqualTo((int)room[cluster], $"run {run}");
            }
        }
    }

    [Fact]
    public void Schedule_RandomScaleSequences_SumFollowsAndNoClusterExceedsItsRoomPlusItsOwn()
    {
        var random = new Random(1503);
        for (var run = 0; run < Runs / 3; run++)
        {
            var clusters = RandomClusters(random);
            var request = Fixtures.Request(PlacementStrategy.DivideDynamic, random.Next(0, 100));
            var room = clusters.ToDictionary(c => c.Name, c => CapacityEstimator.PodsThatFit(c, request.PodRequest));
            var result = Fixtures.Scheduler.Schedule(request, clusters);
            for (var step = 0; step < 6; step++)
            {
                var before = result.Replicas();
                request = request.After(result) with { Replicas = random.Next(0, 150) };

                result = Fixtures.Scheduler.Schedule(request, clusters);

                var reachable = room.Sum(r => r.Value + before.GetValueOrDefault(r.Key));
                result.Placement.ActiveReplicas.Should().Be((int)Math.Min(request.Replicas, reachable), $"run {run} step {step}");
                var after = result.Replicas();
                foreach (var (cluster, replicas) in after)
                {
                    replicas.Should().BeLessThanOrEqualTo((int)room[cluster] + before.GetValueOrDefault(cluster), $"run {run} step {step}");

                    // Scale-down (or the same count) never adds replicas anywhere.
                    if (request.Replicas <= before.Values.Sum())
                    {
                        replicas.Should().BeLessThanOrEqualTo(before.GetValueOrDefault(cluster), $"run {run} step {step}");
                    }
                }

                // Scale-up keeps every existing replica.
                if (request.Replicas > before.Values.Sum())
                {
                    foreach (var (cluster, replicas) in before)
                    {
                        after.GetValueOrDefault(cluster).Should().BeGreaterThanOrEqualTo(replicas, $"run {run} step {step}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Schedule_RandomInputsShuffled_SameDecision()
    {
        var random = new Random(1504);
        for (var run = 0; run < Runs; run++)
        {
            var clusters = RandomClusters(random);
            var strategy = (PlacementStrategy)random.Next(0, 3);
            var request = Fixtures.Request(strategy, random.Next(0, 50)) with { MaxClusters = random.Next(0, 2) == 0 ? null : random.Next(1, 6) };
            var shuffled = clusters.ToArray();
            random.Shuffle(shuffled);

            var first = Fixtures.Scheduler.Schedule(request, clusters);
            var second = Fixtures.Scheduler.Schedule(request, shuffled);

            second.Placement.Assignments.Should().Equal(first.Placement.Assignments, $"run {run}");
            second.Placement.BindingClusters.Should().Equal(first.Placement.BindingClusters, $"run {run}");
        }
    }

    private static ClusterFacts[] RandomClusters(Random random)
    {
        var count = random.Next(1, 12);
        return [.. Enumerable.Range(0, count).Select(i => new ClusterFacts
        {
            Name = $"c{i}",
            Region = $"r{random.Next(0, 3)}",
            Nodes = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => new NodeResources(
                new ResourceAmount(random.Next(0, 16) * 1000, random.Next(0, 32) * Fixtures.Gi, 110),
                new ResourceAmount(random.Next(0, 8000), random.Next(0, 16) * Fixtures.Gi, random.Next(0, 110))))],
        })];
    }
}
