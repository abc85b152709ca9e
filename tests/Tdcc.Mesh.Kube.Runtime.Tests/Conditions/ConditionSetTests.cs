using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Conditions;

public sealed class ConditionSetTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(5);

    [Fact]
    public void Set_NewCondition_AddedWithTransitionTime()
    {
        var (changed, conditions) = ConditionSet.Set(null, new Condition { Type = "Ready", Status = "True", ObservedGeneration = 3 }, T0);

        changed.Should().BeTrue();
        conditions.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Type = "Ready", Status = "True", ObservedGeneration = 3L, LastTransitionTime = T0 });
    }

    [Fact]
    public void Set_SameStatusNewReason_TransitionTimeKept()
    {
        var (_, initial) = ConditionSet.Set(null, new Condition { Type = "Ready", Status = "False", Reason = "Waiting" }, T0);

        var (changed, conditions) = ConditionSet.Set(initial, new Condition { Type = "Ready", Status = "False", Reason = "StillWaiting", ObservedGeneration = 2 }, T1);

        changed.Should().BeTrue();
        var ready = ConditionSet.Find(conditions, "Ready")!;
        ready.LastTransitionTime.Should().Be(T0);
        ready.Reason.Should().Be("StillWaiting");
        ready.ObservedGeneration.Should().Be(2);
    }

    [Fact]
    public void Set_StatusChanges_TransitionTimeMoves()
    {
        var (_, initial) = ConditionSet.Set(null, new Condition { Type = "Ready", Status = "False" }, T0);

        var (changed, conditions) = ConditionSet.Set(initial, new Condition { Type = "Ready", Status = "True" }, T1);

        changed.Should().BeTrue();
        ConditionSet.Find(conditions, "Ready")!.LastTransitionTime.Should().Be(T1);
        ConditionSet.IsTrue(conditions, "Ready").Should().BeTrue();
    }

    [Fact]
    public void Set_Identical_NotChanged()
    {
        var condition = new Condition { Type = "Ready", Status = "True", Reason = "Ok" };
        var (_, initial) = ConditionSet.Set(null, condition, T0);

        var (changed, conditions) = ConditionSet.Set(initial, condition, T1);

        changed.Should().BeFalse();
        conditions.Should().Equal(initial);
    }

    [Fact]
    public void Set_OtherTypes_Untouched()
    {
        var (_, initial) = ConditionSet.Set(null, new Condition { Type = "Exported", Status = "True" }, T0);

        var (_, conditions) = ConditionSet.Set(initial, new Condition { Type = "Ready", Status = "False" }, T1);

        conditions.Select(c => c.Type).Should().Equal("Exported", "Ready");
        ConditionSet.IsFalse(conditions, "Ready").Should().BeTrue();
        ConditionSet.IsTrue(conditions, "Missing").Should().BeFalse();
    }

    [Fact]
    public void Remove_Present_Removed()
    {
        var (_, initial) = ConditionSet.Set(null, new Condition { Type = "Ready", Status = "True" }, T0);

        ConditionSet.Remove(initial, "Ready").Changed.Should().BeTrue();
        ConditionSet.Remove(initial, "Other").Changed.Should().BeFalse();
    }
}
