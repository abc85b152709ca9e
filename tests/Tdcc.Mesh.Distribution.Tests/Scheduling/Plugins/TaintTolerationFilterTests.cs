using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Scheduling.Model;
using Tdcc.Mesh.Distribution.Scheduling.Plugins;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Tests.Scheduling.Plugins;

public sealed class TaintTolerationFilterTests
{
    private static readonly TaintTolerationFilter Filter = new();

    private static ClusterFacts Tainted(params Taint[] taints) => Fixtures.Cluster("gpu") with { Taints = [.. taints] };

    private static SchedulingRequest Tolerating(params ClusterToleration[] tolerations) =>
        Fixtures.Request(PlacementStrategy.Replicate, 1) with { Tolerations = [.. tolerations] };

    [Fact]
    public void Filter_NoScheduleTaintWithoutToleration_RejectsWithReadableReason()
    {
        var rejection = Filter.Reject(Tainted(new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }), Tolerating());

        rejection.Should().Be(new ClusterRejection(
            "gpu", "TaintToleration", "cluster has taint dedicated=gpu:NoSchedule that the subscription does not tolerate", RejectionEffect.KeepExisting));
    }

    [Fact]
    public void Filter_EqualTolerationWithTheValue_Passes()
    {
        var rejection = Filter.Reject(
            Tainted(new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }),
            Tolerating(new ClusterToleration { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }));

        rejection.Should().BeNull();
    }

    [Fact]
    public void Filter_EqualTolerationWithAnotherValue_Rejects()
    {
        var rejection = Filter.Reject(
            Tainted(new Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }),
            Tolerating(new ClusterToleration { Key = "dedicated", Value = "batch" }));

        rejection.Should().NotBeNull();
    }

    [Fact]
    public void Filter_ExistsWithoutKey_ToleratesEverything()
    {
        var rejection = Filter.Reject(
            Tainted(new Taint { Key = "a", Effect = "NoSchedule" }, new Taint { Key = "b", Value = "c", Effect = "NoExecute" }),
            Tolerating(new ClusterToleration { Operator = "Exists" }));

        rejection.Should().BeNull();
    }

    [Fact]
    public void Filter_TolerationOfAnotherEffect_Rejects()
    {
        var rejection = Filter.Reject(
            Tainted(new Taint { Key = "maintenance", Effect = "NoExecute" }),
            Tolerating(new ClusterToleration { Key = "maintenance", Operator = "Exists", Effect = "NoSchedule" }));

        rejection!.Reason.Should().Be("cluster has taint maintenance:NoExecute that the subscription does not tolerate");
        rejection.Effect.Should().Be(RejectionEffect.EvictGracefully);
    }

    [Fact]
    public void Filter_PreferNoSchedule_Passes()
    {
        Filter.Reject(Tainted(new Taint { Key = "spot", Effect = "PreferNoSchedule" }), Tolerating()).Should().BeNull();
    }

    [Fact]
    public void Filter_NoExecuteTolerationSecondsPassed_EvictsGracefully()
    {
        var taint = new Taint { Key = "unreachable", Effect = "NoExecute", TimeAdded = Fixtures.Now.AddSeconds(-61) };
        var toleration = new ClusterToleration { Key = "unreachable", Operator = "Exists", TolerationSeconds = 60 };

        var rejection = Filter.Reject(Tainted(taint), Tolerating(toleration));

        rejection!.Reason.Should().Be("toleration of taint unreachable:NoExecute expired after 60s");
        rejection.Effect.Should().Be(RejectionEffect.EvictGracefully);
        Filter.Reject(Tainted(taint with { TimeAdded = Fixtures.Now.AddSeconds(-59) }), Tolerating(toleration)).Should().BeNull();
    }
}
