using System.Collections.Immutable;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Plugins;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling.Plugins;

public sealed class FilterTests
{
    private static SchedulingRequest With(params SubscriberRule[] subscribers) => Fixtures.Request(PlacementStrategy.Replicate, 1, subscribers);

    [Fact]
    public void SubscriberFilter_LabelsDoNotMatch_ReasonShowsTheSelector()
    {
        var rejection = new SubscriberFilter().Reject(Fixtures.Cluster("east", labels: ("env", "dev")), With(Fixtures.Selecting("env=prod")));

        rejection!.Reason.Should().Be("cluster labels do not match env=prod");
        rejection.Effect.Should().Be(RejectionEffect.Evict);
    }

    [Fact]
    public void SubscriberFilter_RegionNotIn_ReasonShowsTheRegion()
    {
        var subscriber = new SubscriberRule { Fields = [new TopologyRequirement("region", In: true, ["us-east", "us-west"])] };

        var rejection = new SubscriberFilter().Reject(Fixtures.Cluster("east", region: "eu-west"), With(subscriber));

        rejection!.Reason.Should().Be("cluster region eu-west is not in [us-east, us-west]");
    }

    [Fact]
    public void SubscriberFilter_ZoneNotInMatches_Passes()
    {
        var subscriber = new SubscriberRule { Fields = [new TopologyRequirement("zone", In: false, ["a"])] };

        new SubscriberFilter().Reject(Fixtures.Cluster("east", zone: "b"), With(subscriber)).Should().BeNull();
        new SubscriberFilter().Reject(Fixtures.Cluster("east", zone: "a"), With(subscriber))!.Reason.Should().Be("cluster zone a is in [a]");
    }

    [Fact]
    public void SubscriberFilter_TopologyFromTheWellKnownLabel_Matches()
    {
        var subscriber = new SubscriberRule { Fields = [new TopologyRequirement("region", In: true, ["eu"])] };

        new SubscriberFilter().Reject(Fixtures.Cluster("east", labels: ("topology.kubernetes.io/region", "eu")), With(subscriber)).Should().BeNull();
    }

    [Fact]
    public void SubscriberFilter_SeveralSubscribers_ReasonListsEach()
    {
        var rejection = new SubscriberFilter().Reject(
            Fixtures.Cluster("edge"),
            With(Fixtures.Named(1, "east", "west"), Fixtures.Selecting("tier=gold")));

        rejection!.Reason.Should().Be("cluster matches no subscriber: cluster is not in clusterNames; cluster labels do not match tier=gold");
    }

    [Fact]
    public void SubscriberFilter_AnyMatchingSubscriber_Passes()
    {
        new SubscriberFilter().Reject(Fixtures.Cluster("west"), With(Fixtures.Named(1, "east", "west"), Fixtures.Selecting("tier=gold"))).Should().BeNull();
    }

    [Fact]
    public void ReadyFilter_NotReady_RejectsWithSinceAndGracePeriodEffect()
    {
        var cluster = Fixtures.Cluster("east") with { Ready = false, NotReadySince = Fixtures.Now.AddMinutes(-1) };

        var rejection = new ReadyFilter().Reject(cluster, With());

        rejection.Should().Be(new ClusterRejection("east", "Ready", "cluster is not Ready since 2026-12-07T02:59:00Z", RejectionEffect.EvictAfterGracePeriod));
    }

    [Fact]
    public void ApiAvailableFilter_CrdVersionMissing_RejectsNamingIt()
    {
        var cluster = Fixtures.Cluster("east") with { ApiVersions = ["v1", "apps/v1"] };
        var request = With() with { RequiredApiVersions = ["apps/v1", "example.com/v1"] };

        var rejection = new ApiAvailableFilter().Reject(cluster, request);

        rejection!.Reason.Should().Be("cluster does not serve example.com/v1 (needed by the feeds)");
        new ApiAvailableFilter().Reject(cluster with { ApiVersions = ["apps/v1", "example.com/v1"] }, request).Should().BeNull();
    }

    [Fact]
    public void ApiAvailableFilter_ApisNotReported_Passes()
    {
        new ApiAvailableFilter().Reject(Fixtures.Cluster("east"), With() with { RequiredApiVersions = ["example.com/v1"] }).Should().BeNull();
    }

    [Fact]
    public void SubscriberRule_EmptySelector_MatchesEveryCluster()
    {
        new SubscriberRule { Labels = LabelSelector.Everything, ClusterNames = null }.Matches(Fixtures.Cluster("x")).Should().BeTrue();
        new SubscriberRule { ClusterNames = ImmutableHashSet<string>.Empty }.Matches(Fixtures.Cluster("x")).Should().BeFalse();
    }
}
