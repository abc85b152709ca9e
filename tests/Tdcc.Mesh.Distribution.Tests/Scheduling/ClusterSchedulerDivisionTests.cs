using Tdcc.Mesh.Distribution.Scheduling.Model;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling;

public sealed class ClusterSchedulerDivisionTests
{
    [Fact]
    public void Schedule_StaticWeights123_Divides6As123()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 6, Fixtures.Named(1, "east"), Fixtures.Named(2, "west"), Fixtures.Named(3, "edge"));

        var result = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("east"), Fixtures.Cluster("west"), Fixtures.Cluster("edge")]);

        result.Schedulable.Should().BeTrue();
        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 1, ["west"] = 2, ["edge"] = 3 });
        result.Placement.BindingClusters.Should().Equal("east", "edge", "west");
    }

    [Fact]
    public void Schedule_StaticWeightIsTheSumOfMatchingSubscribers()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 6, Fixtures.Everyone(1), Fixtures.Named(1, "west"));

        var result = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("east"), Fixtures.Cluster("west")]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4 });
    }

    [Fact]
    public void Schedule_DynamicCapacities3_6_9_Divides6As1_2_3()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.DivideDynamic, 6),
            [Fixtures.Cluster("east", room: 3), Fixtures.Cluster("west", room: 6), Fixtures.Cluster("edge", room: 9)]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 1, ["west"] = 2, ["edge"] = 3 });
    }

    [Fact]
    public void Schedule_Dynamic_MemberWithLessRoomGetsFewer()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.DivideDynamic, 11),
            [Fixtures.Cluster("east", room: 10), Fixtures.Cluster("west", room: 10), Fixtures.Cluster("edge", room: 2)]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 5, ["west"] = 5, ["edge"] = 1 });
    }

    [Fact]
    public void Schedule_Dynamic_ClusterThatCannotHoldOnePodGetsNone()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.DivideDynamic, 4),
            [Fixtures.Cluster("east", room: 4), Fixtures.Cluster("west", room: 4), Fixtures.Cluster("edge", room: 0)]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 2 });
        result.Placement.BindingClusters.Should().Contain("edge");
    }

    [Fact]
    public void Schedule_DynamicShortOfCapacity_PlacesWhatFitsAndSaysHowMuch()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.DivideDynamic, 10), [Fixtures.Cluster("east", room: 2), Fixtures.Cluster("west", room: 3)]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 3 });
        result.Schedulable.Should().BeFalse();
        result.Message.Should().Be("capacity for 5 of 10 replicas");
    }

    [Fact]
    public void Schedule_StaticAllWeightsZero_Unschedulable()
    {
        var result = Fixtures.Scheduler.Schedule(Fixtures.Request(PlacementStrategy.DivideStatic, 3, Fixtures.Everyone(0)), [Fixtures.Cluster("east")]);

        result.Schedulable.Should().BeFalse();
        result.Message.Should().Be("no chosen cluster has a subscriber weight above 0");
        result.Placement.Assignments.Should().BeEmpty();
    }

    [Fact]
    public void Schedule_Tie_SameDecisionForEveryInputOrder()
    {
        var clusters = new[] { Fixtures.Cluster("a"), Fixtures.Cluster("b"), Fixtures.Cluster("c") };
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 4);

        var first = Fixtures.Scheduler.Schedule(request, clusters).Replicas();
        var reversed = Fixtures.Scheduler.Schedule(request, [.. clusters.Reverse()]).Replicas();
        var rotated = Fixtures.Scheduler.Schedule(request, [clusters[1], clusters[2], clusters[0]]).Replicas();

        first.Values.Should().BeEquivalentTo([2, 1, 1]);
        reversed.Should().BeEquivalentTo(first);
        rotated.Should().BeEquivalentTo(first);
    }

    [Fact]
    public void Schedule_Ties_DifferentSubscriptionsBreakTowardsDifferentClusters()
    {
        var clusters = new[] { Fixtures.Cluster("a"), Fixtures.Cluster("b"), Fixtures.Cluster("c") };

        var winners = Enumerable.Range(0, 30)
            .Select(i => Fixtures.Request(PlacementStrategy.DivideStatic, 1) with { Key = $"default/app-{i}" })
            .Select(request => Fixtures.Scheduler.Schedule(request, clusters).Replicas().Single().Key)
            .ToHashSet();

        winners.Should().BeEquivalentTo(["a", "b", "c"]);
    }

    [Fact]
    public void Schedule_ScaleUp_KeepsExistingAndPlacesOnlyTheAdded()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideDynamic, 4);
        var first = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("east", room: 10), Fixtures.Cluster("west", room: 10)]);

        // east filled up meanwhile: its 2 replicas stay, the 4 added go where there is room.
        var second = Fixtures.Scheduler.Schedule(
            request.After(first) with { Replicas = 8 }, [Fixtures.Cluster("east", room: 0), Fixtures.Cluster("west", room: 10)]);

        first.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 2 });
        second.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 6 });
    }

    [Fact]
    public void Schedule_StaticScaleUp_AddedFollowTheWeights()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 6, Fixtures.Named(1, "east"), Fixtures.Named(2, "west"), Fixtures.Named(3, "edge"));
        var clusters = new[] { Fixtures.Cluster("east"), Fixtures.Cluster("west"), Fixtures.Cluster("edge") };

        var first = Fixtures.Scheduler.Schedule(request, clusters);
        var second = Fixtures.Scheduler.Schedule(request.After(first) with { Replicas = 12 }, clusters);

        second.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4, ["edge"] = 6 });
    }

    [Fact]
    public void Schedule_ScaleDown_RemovesInProportionToTheCurrentReplicas()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideDynamic, 4);
        var first = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("east", room: 10), Fixtures.Cluster("west", room: 10)]);

        // The rooms changed a lot, but scale-down follows the current 2:2, not the capacity.
        var second = Fixtures.Scheduler.Schedule(
            request.After(first) with { Replicas = 2 }, [Fixtures.Cluster("east", room: 100), Fixtures.Cluster("west", room: 1)]);

        second.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 1, ["west"] = 1 });
    }

    [Fact]
    public void Schedule_StaticScaleDown_12To4_KeepsTheRatio()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 12, Fixtures.Named(2, "east"), Fixtures.Named(1, "west"), Fixtures.Named(1, "edge"));
        var clusters = new[] { Fixtures.Cluster("east"), Fixtures.Cluster("west"), Fixtures.Cluster("edge") };

        var first = Fixtures.Scheduler.Schedule(request, clusters);
        var second = Fixtures.Scheduler.Schedule(request.After(first) with { Replicas = 4 }, clusters);

        first.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 6, ["west"] = 3, ["edge"] = 3 });
        second.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 1, ["edge"] = 1 });
    }

    [Fact]
    public void Schedule_SameRequestAgain_ChangesNothing()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideDynamic, 7);
        var clusters = new[] { Fixtures.Cluster("east", room: 3), Fixtures.Cluster("west", room: 5) };
        var first = Fixtures.Scheduler.Schedule(request, clusters);

        var second = Fixtures.Scheduler.Schedule(request.After(first), clusters);

        second.Placement.Assignments.Should().Equal(first.Placement.Assignments);
        second.Placement.BindingClusters.Should().Equal(first.Placement.BindingClusters);
    }
}
