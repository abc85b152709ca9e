using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Steps;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling.Steps;

public sealed class CapacityEstimatorTests
{
    private static readonly ResourceAmount Pod = new(1000, Fixtures.Gi, 1);

    [Fact]
    public void PodsThatFit_TwoNodesWithOneAndAHalfCpuFree_CountsTwoNotThree()
    {
        var node = new NodeResources(new ResourceAmount(4000, 64 * Fixtures.Gi, 110), new ResourceAmount(2500, 0, 3));
        var cluster = new ClusterFacts { Name = "east", Nodes = [node, node] };

        CapacityEstimator.PodsThatFit(cluster, Pod).Should().Be(2);
    }

    [Fact]
    public void PodsThatFit_NodeThatCannotHoldOnePod_AddsNothing()
    {
        var full = new NodeResources(new ResourceAmount(4000, 64 * Fixtures.Gi, 110), new ResourceAmount(3500, 0, 3));
        var cluster = new ClusterFacts { Name = "east", Nodes = [full, full, full] };

        CapacityEstimator.PodsThatFit(cluster, Pod).Should().Be(0);
    }

    [Fact]
    public void PodsThatFit_MemoryTighterThanCpu_MemoryLimits()
    {
        var node = new NodeResources(new ResourceAmount(16000, 4 * Fixtures.Gi, 110), default);

        CapacityEstimator.PodsThatFit(node, Pod).Should().Be(4);
    }

    [Fact]
    public void PodsThatFit_FewPodSlotsLeft_SlotsLimit()
    {
        var node = new NodeResources(new ResourceAmount(64000, 64 * Fixtures.Gi, 110), new ResourceAmount(0, 0, 108));

        CapacityEstimator.PodsThatFit(node, Pod).Should().Be(2);
    }

    [Fact]
    public void PodsThatFit_ZeroRequests_OnlySlotsLimit()
    {
        var node = new NodeResources(new ResourceAmount(1000, Fixtures.Gi, 10), new ResourceAmount(5000, 5 * Fixtures.Gi, 4));

        CapacityEstimator.PodsThatFit(node, new ResourceAmount(0, 0, 1)).Should().Be(6);
    }

    [Fact]
    public void PodsThatFit_OvercommittedNode_ZeroNotNegative()
    {
        var node = new NodeResources(new ResourceAmount(1000, Fixtures.Gi, 10), new ResourceAmount(5000, 5 * Fixtures.Gi, 20));

        CapacityEstimator.PodsThatFit(node, Pod).Should().Be(0);
    }

    [Fact]
    public void PodsThatFit_AggregateOnly_TreatedAsOneNode()
    {
        var cluster = new ClusterFacts
        {
            Name = "edge",
            Aggregate = new NodeResources(new ResourceAmount(8000, 64 * Fixtures.Gi, 330), new ResourceAmount(2500, 0, 10)),
        };

        CapacityEstimator.PodsThatFit(cluster, Pod).Should().Be(5);
        CapacityEstimator.PodsThatFit(cluster with { Aggregate = null }, Pod).Should().Be(0);
    }
}
