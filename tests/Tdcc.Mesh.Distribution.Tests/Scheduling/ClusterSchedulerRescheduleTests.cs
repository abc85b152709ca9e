using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling;

public sealed class ClusterSchedulerRescheduleTests
{
    private static readonly SchedulingRequest Request = Fixtures.Request(PlacementStrategy.DivideStatic, 6) with { FailoverGracePeriod = TimeSpan.FromMinutes(5) };

    private static ClusterFacts[] Three(ClusterFacts? east = null) => [east ?? Fixtures.Cluster("east"), Fixtures.Cluster("west"), Fixtures.Cluster("edge")];

    private static ClusterFacts Down(TimeSpan ago) => Fixtures.Cluster("east") with { Ready = false, NotReadySince = Fixtures.Now - ago };

    private static SchedulingResult Healthy() => Fixtures.Scheduler.Schedule(Request, Three());

    [Fact]
    public void Schedule_NotReadyWithinGracePeriod_KeepsItsReplicas()
    {
        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(4))));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 2, ["edge"] = 2 });
        result.Placement.BindingClusters.Should().Contain("east");
        result.Rejections.Should().ContainSingle().Which.Filter.Should().Be("Ready");
        result.Rescheduling.Should().BeFalse();
    }

    [Fact]
    public void Schedule_NotReadyWithinGracePeriodAndScaleUp_AddedGoElsewhere()
    {
        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()) with { Replicas = 10 }, Three(Down(TimeSpan.FromMinutes(1))));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4, ["edge"] = 4 });
    }

    [Fact]
    public void Schedule_NotReadyPastGracePeriod_MovesReplicasAndKeepsTheOldCopyEvicting()
    {
        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(6))));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 3, ["edge"] = 3 });
        result.Placement.Assignments.Should().ContainSingle(a => a.Evicting).Which.Should().Be(
            new ClusterAssignment("east", 2) { Evicting = true, EvictionStart = Fixtures.Now });
        result.Placement.BindingClusters.Should().Equal("edge", "west");
        result.Rescheduling.Should().BeTrue();
        result.Schedulable.Should().BeTrue();
    }

    [Fact]
    public void Schedule_MovedReplicasReady_EvictingCopyDropped()
    {
        var moved = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(6))));
        var reported = Ready(moved.Placement, ("west", 3), ("edge", 3));

        var result = Fixtures.Scheduler.Schedule(Request with { Previous = reported, Now = Fixtures.Now.AddSeconds(30) }, Three(Down(TimeSpan.FromMinutes(7))));

        result.Placement.Assignments.Should().NotContain(a => a.Evicting);
        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 3, ["edge"] = 3 });
    }

    [Fact]
    public void Schedule_MovedReplicasNotAllReady_EvictingCopyStays()
    {
        var moved = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(6))));
        var reported = Ready(moved.Placement, ("west", 3), ("edge", 2));

        var result = Fixtures.Scheduler.Schedule(Request with { Previous = reported, Now = Fixtures.Now.AddSeconds(30) }, Three(Down(TimeSpan.FromMinutes(7))));

        result.Placement.Assignments.Should().ContainSingle(a => a.Evicting).Which.EvictionStart.Should().Be(Fixtures.Now);
    }

    [Fact]
    public void Schedule_EvictionTimeoutPassed_EvictingCopyDropped()
    {
        var moved = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(6))));

        var result = Fixtures.Scheduler.Schedule(Request.After(moved) with { Now = Fixtures.Now.AddMinutes(10) }, Three(Down(TimeSpan.FromMinutes(16))));

        result.Placement.Assignments.Should().NotContain(a => a.Evicting);
    }

    [Fact]
    public void Schedule_FailedClusterBack_RebalancesToTheWeightsAndDropsTheEviction()
    {
        var moved = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(Down(TimeSpan.FromMinutes(6))));

        var back = Fixtures.Scheduler.Schedule(Request.After(moved) with { Now = Fixtures.Now.AddMinutes(1) }, Three());

        back.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 2, ["edge"] = 2 });
        back.Placement.Assignments.Should().NotContain(a => a.Evicting);
        back.Placement.BindingClusters.Should().Equal("east", "edge", "west");
    }

    [Fact]
    public void Schedule_DynamicFailedClusterBack_GetsItsShareOfRoomAgain()
    {
        var request = Fixtures.Request(PlacementStrategy.DivideDynamic, 6);
        ClusterFacts[] healthy = [Fixtures.Cluster("east", room: 10), Fixtures.Cluster("west", room: 20)];
        var first = Fixtures.Scheduler.Schedule(request, healthy);
        var moved = Fixtures.Scheduler.Schedule(
            request.After(first), [healthy[0] with { Ready = false, NotReadySince = Fixtures.Now.AddHours(-1) }, healthy[1]]);

        var back = Fixtures.Scheduler.Schedule(request.After(moved), healthy);

        first.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4 });
        moved.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 6 });
        back.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4 });
    }

    [Fact]
    public void Schedule_ClusterDeleted_ReplicasMoveWithoutAnOldCopy()
    {
        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()), [Fixtures.Cluster("west"), Fixtures.Cluster("edge")]);

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 3, ["edge"] = 3 });
        result.Placement.Assignments.Should().NotContain(a => a.Evicting);
    }

    [Fact]
    public void Schedule_NoLongerSelected_ReplicasMoveWithoutAnOldCopy()
    {
        var request = Request with { Subscribers = [Fixtures.Named(1, "west", "edge")] };

        var result = Fixtures.Scheduler.Schedule(request.After(Healthy()), Three());

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 3, ["edge"] = 3 });
        result.Placement.Assignments.Should().NotContain(a => a.Evicting);
    }

    [Fact]
    public void Schedule_NoScheduleTaintAdded_ExistingStayNewGoElsewhere()
    {
        var tainted = Fixtures.Cluster("east") with { Taints = [new Taint { Key = "maintenance", Effect = "NoSchedule" }] };

        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()) with { Replicas = 10 }, Three(tainted));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["east"] = 2, ["west"] = 4, ["edge"] = 4 });
    }

    [Fact]
    public void Schedule_NoExecuteTaintAdded_MovesAtOnceGracefully()
    {
        var tainted = Fixtures.Cluster("east") with { Taints = [new Taint { Key = "maintenance", Effect = "NoExecute" }] };

        var result = Fixtures.Scheduler.Schedule(Request.After(Healthy()), Three(tainted));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 3, ["edge"] = 3 });
        result.Placement.Assignments.Should().ContainSingle(a => a.Evicting).Which.Cluster.Should().Be("east");
    }

    [Fact]
    public void Schedule_ReplicateClusterFailedPastGracePeriod_OthersKeepTheirsAndOldCopyEvicting()
    {
        var request = Fixtures.Request(PlacementStrategy.Replicate, 2);
        var first = Fixtures.Scheduler.Schedule(request, Three());

        var result = Fixtures.Scheduler.Schedule(request.After(first), Three(Down(TimeSpan.FromHours(1))));

        result.Replicas().Should().BeEquivalentTo(new Dictionary<string, int> { ["west"] = 2, ["edge"] = 2 });
        result.Placement.Assignments.Should().ContainSingle(a => a.Evicting).Which.Cluster.Should().Be("east");
    }

    private static Placement Ready(Placement placement, params (string Cluster, int Ready)[] ready) => placement with
    {
        Assignments = [.. placement.Assignments.Select(a => ready.Any(r => r.Cluster == a.Cluster && !a.Evicting)
            ? a with { ReadyReplicas = ready.Single(r => r.Cluster == a.Cluster).Ready }
            : a)],
    };
}
