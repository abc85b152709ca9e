using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Tests.Mesh;

public sealed class RouteStatusMergerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ParentReference Echo = new() { Group = "multicluster.x-k8s.io", Kind = "ServiceImport", Name = "echo", Port = 9090 };
    private static readonly RouteId Route = new("GRPCRoute", "demo", "canary");

    [Fact]
    public void Merge_NoStatusYet_WritesEntryWithTransitionTimes()
    {
        var (changed, status) = RouteStatusMerger.Merge(null, Verdict("True", "Accepted", 1), T0);

        changed.Should().BeTrue();
        var parent = status.Parents.Should().ContainSingle().Subject;
        parent.ControllerName.Should().Be("tdcc-mesh.io/mesh-controller");
        parent.ParentRef.Should().Be(Echo);
        parent.Conditions.Select(c => (c.Type, c.Status, c.LastTransitionTime)).Should().Equal(("Accepted", "True", T0), ("ResolvedRefs", "True", T0));
    }

    [Fact]
    public void Merge_SameVerdictLater_Unchanged()
    {
        var (_, first) = RouteStatusMerger.Merge(null, Verdict("True", "Accepted", 1), T0);

        var (changed, second) = RouteStatusMerger.Merge(first, Verdict("True", "Accepted", 1), T0.AddMinutes(5));

        changed.Should().BeFalse();
        second.Parents[0].Conditions.Should().OnlyContain(c => c.LastTransitionTime == T0);
    }

    [Fact]
    public void Merge_StatusFlips_OnlyThatConditionMovesItsTransitionTime()
    {
        var (_, first) = RouteStatusMerger.Merge(null, Verdict("True", "Accepted", 1), T0);

        var (changed, second) = RouteStatusMerger.Merge(first, Verdict("False", "UnsupportedValue", 2), T0.AddMinutes(5));

        changed.Should().BeTrue();
        second.Parents[0].Conditions.Select(c => (c.Type, c.Status, c.Reason, c.ObservedGeneration, c.LastTransitionTime)).Should().Equal(
            ("Accepted", "False", "UnsupportedValue", 2L, T0.AddMinutes(5)),
            ("ResolvedRefs", "True", "ResolvedRefs", 2L, T0));
    }

    [Fact]
    public void Merge_OtherControllersEntries_Kept()
    {
        var gateway = new RouteParentStatus { ParentRef = new ParentReference { Name = "public" }, ControllerName = "example.com/gateway", Conditions = [] };
        var (_, mine) = RouteStatusMerger.Merge(new RouteStatus { Parents = [gateway] }, Verdict("True", "Accepted", 1), T0);

        var (changed, cleared) = RouteStatusMerger.Merge(mine, new RouteVerdict(Route, 2, []), T0);

        mine.Parents.Select(p => p.ControllerName).Should().Equal("example.com/gateway", "tdcc-mesh.io/mesh-controller");
        changed.Should().BeTrue();
        cleared.Parents.Should().Equal(gateway);
    }

    private static RouteVerdict Verdict(string accepted, string reason, long generation) => new(
        Route,
        generation,
        [
            new ParentVerdict(Echo, [
                new Condition { Type = "Accepted", Status = accepted, Reason = reason, Message = "m", ObservedGeneration = generation },
                new Condition { Type = "ResolvedRefs", Status = "True", Reason = "ResolvedRefs", Message = "ok", ObservedGeneration = generation },
            ]),
        ]);
}
