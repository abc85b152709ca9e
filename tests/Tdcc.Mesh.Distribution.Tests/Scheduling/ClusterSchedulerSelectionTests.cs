using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling;

public sealed class ClusterSchedulerSelectionTests
{
    [Fact]
    public void Schedule_Replicate_EveryFeasibleClusterGetsAllReplicas()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.Replicate, 3), [Fixtures.Cluster("east"), Fixtures.Cluster("west")]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 3, ["west"] = 3 });
        result.Rejections.Should().BeEmpty();
    }

    [Fact]
    public void Schedule_TaintWithoutToleration_FilteredOutWithItsReason()
    {
        var gpu = Fixtures.Cluster("gpu") with { Taints = [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] };

        var result = Fixtures.Scheduler.Schedule(Fixtures.Request(PlacementStrategy.Replicate, 1), [Fixtures.Cluster("east"), gpu]);

        result.Replicas().Keys.Should().Equal("east");
        result.Rejections.Should().ContainSingle().Which.Should().Be(new ClusterRejection(
            "gpu", "TaintToleration", "cluster has taint dedicated=gpu:NoSchedule that the subscription does not tolerate", RejectionEffect.KeepExisting));
    }

    [Fact]
    public void Schedule_TaintTolerated_ClusterChosen()
    {
        var gpu = Fixtures.Cluster("gpu") with { Taints = [new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }] };
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with
        {
            Tolerations = [new ClusterToleration { Key = "dedicated", Operator = "Exists" }],
        };

        Fixtures.Scheduler.Schedule(request, [gpu]).Replicas().Keys.Should().Equal("gpu");
    }

    [Fact]
    public void Schedule_MaxClusters_BestScoredFirstThenKeepsThoseHoldingReplicas()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { MaxClusters = 2 };
        var first = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("a", room: 10), Fixtures.Cluster("b", room: 20), Fixtures.Cluster("c", room: 30)]);

        var second = Fixtures.Scheduler.Schedule(
            request.After(first),
            [Fixtures.Cluster("a", room: 10), Fixtures.Cluster("b", room: 20), Fixtures.Cluster("c", room: 30), Fixtures.Cluster("d", room: 90)]);

        first.Replicas().Keys.Should().BeEquivalentTo(["b", "c"]);
        second.Replicas().Keys.Should().BeEquivalentTo(["b", "c"]);
    }

    [Fact]
    public void Schedule_MinClustersNotMet_UnschedulableAndThePreviousPlacementStays()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1);
        var first = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("east"), Fixtures.Cluster("west")]);

        var second = Fixtures.Scheduler.Schedule(request.After(first) with { MinClusters = 3 }, [Fixtures.Cluster("east"), Fixtures.Cluster("west")]);

        second.Schedulable.Should().BeFalse();
        second.Message.Should().Be("2 clusters fit, minClusters is 3");
        second.Placement.Should().BeSameAs(first.Placement);
    }

    [Fact]
    public void Schedule_NoClusterPasses_UnschedulableWithEveryReason()
    {
        var result = Fixtures.Scheduler.Schedule(
            Fixtures.Request(PlacementStrategy.DivideStatic, 2, Fixtures.Selecting("env=prod")), [Fixtures.Cluster("east"), Fixtures.Cluster("west")]);

        result.Schedulable.Should().BeFalse();
        result.Message.Should().Be("no cluster passes the filters");
        result.Rejections.Select(r => r.Cluster).Should().Equal("east", "west");
        result.Rejections.Should().AllSatisfy(r => r.Reason.Should().Be("cluster labels do not match env=prod"));
    }

    [Fact]
    public void Schedule_SpreadOverTwoRegionsWithMaxTwo_PicksOnePerRegion()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { MaxClusters = 2, Spread = [new SpreadRule(TopologyKeys.Region, MinGroups: 2)] };

        var result = Fixtures.Scheduler.Schedule(
            request, [Fixtures.Cluster("eu-1", room: 50, region: "eu"), Fixtures.Cluster("eu-2", room: 40, region: "eu"), Fixtures.Cluster("us-1", room: 10, region: "us")]);

        result.Replicas().Keys.Should().BeEquivalentTo(["eu-1", "us-1"]);
    }

    [Fact]
    public void Schedule_SpreadMaxGroups_KeepsTheBestGroupOnly()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { Spread = [new SpreadRule(TopologyKeys.Zone, MinGroups: 1, MaxGroups: 1)] };

        var result = Fixtures.Scheduler.Schedule(
            request, [Fixtures.Cluster("a1", room: 50, zone: "a"), Fixtures.Cluster("a2", room: 5, zone: "a"), Fixtures.Cluster("b1", room: 10, zone: "b")]);

        result.Replicas().Keys.Should().BeEquivalentTo(["a1", "a2"]);
    }

    [Fact]
    public void Schedule_SpreadMinGroupsNotMet_UnschedulableSayingSo()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { Spread = [new SpreadRule(TopologyKeys.Region, MinGroups: 2)] };

        var result = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("eu-1", region: "eu"), Fixtures.Cluster("eu-2", region: "eu"), Fixtures.Cluster("x")]);

        result.Schedulable.Should().BeFalse();
        result.Message.Should().Be("the feasible clusters span 1 region, the subscription needs at least 2");
        result.Rejections.Should().ContainSingle().Which.Reason.Should().Be("cluster has no region (the subscription spreads over region)");
    }

    [Fact]
    public void Schedule_MaxClustersBelowMinGroups_Unschedulable()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { MaxClusters = 1, Spread = [new SpreadRule(TopologyKeys.Region, MinGroups: 2)] };

        var result = Fixtures.Scheduler.Schedule(request, [Fixtures.Cluster("eu-1", region: "eu"), Fixtures.Cluster("us-1", region: "us")]);

        result.Message.Should().Be("maxClusters 1 cannot span 2 regions");
    }

    [Fact]
    public void Schedule_DivideWithSpread_DividesOverTheChosenOnly()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideStatic, 4) with { MaxClusters = 2, Spread = [new SpreadRule(TopologyKeys.Region, MinGroups: 2)] };

        var result = Fixtures.Scheduler.Schedule(
            request, [Fixtures.Cluster("eu-1", room: 50, region: "eu"), Fixtures.Cluster("eu-2", room: 40, region: "eu"), Fixtures.Cluster("us-1", room: 10, region: "us")]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["eu-1"] = 2, ["us-1"] = 2 });
    }

    [Fact]
    public void Schedule_ApiMissingInOneMember_OnlyTheOthersChosen()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 1) with { RequiredApiVersions = ["example.com/v1"] };

        var result = Fixtures.Scheduler.Schedule(
            request, [Fixtures.Cluster("east") with { ApiVersions = ["v1", "example.com/v1"] }, Fixtures.Cluster("west") with { ApiVersions = ["v1"] }]);

        result.Replicas().Keys.Should().Equal("east");
        result.Rejections.Single().Reason.Should().Be("cluster does not serve example.com/v1 (needed by the feeds)");
    }

    [Fact]
    public void Schedule_MoreRejectionsThanTheLimit_FirstWordedRestCounted()
    {
        var scheduler = new Distribution.Scheduling.ClusterScheduler(
            Distribution.Scheduling.ClusterScheduler.DefaultFilters, Distribution.Scheduling.ClusterScheduler.DefaultScorers, maxReportedRejections: 2);
        ClusterFacts[] clusters = [.. Enumerable.Range(0, 5).Select(i => Fixtures.Cluster($"c{i}"))];

        var result = scheduler.Schedule(Fixtures.Request(PlacementStrategy.Replicate, 1, Fixtures.Named(1, "c4")), clusters);

        result.Rejections.Select(r => r.Cluster).Should().Equal("c0", "c1");
        result.UnreportedRejections.Should().Be(2);
        result.Replicas().Keys.Should().Equal("c4");
    }
}
