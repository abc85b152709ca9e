using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Apply;
using Tdcc.Mesh.ApiMachinery.Patching;
using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Tests.Apply;

public sealed class ServerSideApplyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset T1 = T0.AddMinutes(1);
    private static readonly PatchSchema Deployment = PatchSchema.ForKind("apps", "v1", "Deployment");

    private static JsonObject Config(int replicas, string image = "app:1", string? extraLabel = null)
    {
        var config = JsonAssert.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},
             "spec":{"replicas":0,"template":{"spec":{"containers":[{"name":"app","image":""}]}}}}
            """);
        config["spec"]!["replicas"] = replicas;
        config["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = image;
        if (extraLabel is not null)
        {
            config["metadata"]!["labels"]![extraLabel] = "x";
        }

        return config;
    }

    private static JsonArray ManagedFields(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    [Fact]
    public void Apply_FirstApply_CreatesObjectOwnedByManager()
    {
        var result = ServerSideApply.Apply(null, Config(2), "kubectl", force: false, T0, Deployment);

        result.Conflicts.Should().BeEmpty();
        result.Object["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
        var entry = ManagedFields(result.Object).Single()!;
        entry["manager"]!.GetValue<string>().Should().Be("kubectl");
        entry["operation"]!.GetValue<string>().Should().Be("Apply");
        entry["apiVersion"]!.GetValue<string>().Should().Be("apps/v1");
        entry["time"]!.GetValue<string>().Should().Be("2026-01-02T03:04:05Z");
        entry["fieldsType"]!.GetValue<string>().Should().Be("FieldsV1");
        JsonAssert.Equal(entry["fieldsV1"], """
            {"f:metadata":{"f:labels":{"f:app":{}}},
             "f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """);
    }

    [Fact]
    public void Apply_ReapplyWithoutField_RemovesIt()
    {
        var first = ServerSideApply.Apply(null, Config(2, extraLabel: "tier"), "kubectl", false, T0, Deployment).Object;
        var second = ServerSideApply.Apply(first, Config(2), "kubectl", false, T1, Deployment);

        second.Conflicts.Should().BeEmpty();
        second.Object["metadata"]!["labels"]!.AsObject().ContainsKey("tier").Should().BeFalse();
        ManagedFields(second.Object).Single()!["fieldsV1"]!["f:metadata"]!["f:labels"]!.AsObject().ContainsKey("f:tier").Should().BeFalse();
    }

    [Fact]
    public void Apply_ReapplyWithoutFieldOwnedByOther_KeepsIt()
    {
        var first = ServerSideApply.Apply(null, Config(2, extraLabel: "tier"), "a", false, T0, Deployment).Object;
        var shared = ServerSideApply.Apply(first, JsonAssert.Object("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"tier":"x"}}}"""), "b", false, T0, Deployment).Object;
        var result = ServerSideApply.Apply(shared, Config(2), "a", false, T1, Deployment);

        result.Object["metadata"]!["labels"]!["tier"]!.GetValue<string>().Should().Be("x");
    }

    [Fact]
    public void Apply_SameValueFromTwoManagers_SharedWithoutConflict()
    {
        var first = ServerSideApply.Apply(null, Config(2), "a", false, T0, Deployment).Object;
        var result = ServerSideApply.Apply(first, Config(2), "b", false, T1, Deployment);

        result.Conflicts.Should().BeEmpty();
        ManagedFields(result.Object).Should().HaveCount(2);
    }

    [Fact]
    public void Apply_DifferentValueOwnedByOtherManager_Conflicts()
    {
        var first = ServerSideApply.Apply(null, Config(2), "a", false, T0, Deployment).Object;
        var result = ServerSideApply.Apply(first, Config(3, image: "app:2"), "b", false, T1, Deployment);

        result.Conflicts.Should().BeEquivalentTo(new[]
        {
            new ApplyConflict("a", ".spec.replicas") { Operation = "Apply", ApiVersion = "apps/v1" },
            new ApplyConflict("a", ".spec.template.spec.containers[name=\"app\"].image") { Operation = "Apply", ApiVersion = "apps/v1" },
        });
        result.Object["spec"]!["replicas"]!.GetValue<int>().Should().Be(2);
    }

    [Fact]
    public void Apply_Force_TakesOwnership()
    {
        var first = ServerSideApply.Apply(null, Config(2), "a", false, T0, Deployment).Object;
        var result = ServerSideApply.Apply(first, Config(3), "b", force: true, T1, Deployment);

        result.Conflicts.Should().BeEmpty();
        result.Object["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
        var a = ManagedFields(result.Object).Single(e => e!["manager"]!.GetValue<string>() == "a")!;
        a["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").Should().BeFalse();
        var b = ManagedFields(result.Object).Single(e => e!["manager"]!.GetValue<string>() == "b")!;
        b["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").Should().BeTrue();
    }

    [Fact]
    public void Apply_AfterUpdateOwnership_ConflictsWithUpdater()
    {
        var applied = ServerSideApply.Apply(null, Config(2), "kubectl", false, T0, Deployment).Object;
        var scaled = (JsonObject)applied.DeepClone();
        scaled["spec"]!["replicas"] = 5;
        var updated = ServerSideApply.RecordUpdate(applied, scaled, "kubectl-scale", T1, Deployment);

        var result = ServerSideApply.Apply(updated, Config(2), "kubectl", false, T1, Deployment);

        var conflict = result.Conflicts.Single();
        conflict.Should().Be(new ApplyConflict("kubectl-scale", ".spec.replicas") { Operation = "Update", ApiVersion = "apps/v1" });
        ApplyConflictMessage.Format(result.Conflicts).Should().Be(
            "Apply failed with 1 conflict: conflict with \"kubectl-scale\" using apps/v1: .spec.replicas");
        conflict.CauseMessage.Should().Be("conflict with \"kubectl-scale\" using apps/v1");
    }

    [Fact]
    public void Apply_LiveWithoutManagedFields_ConflictsWithBeforeFirstApply()
    {
        var live = Config(1);
        var result = ServerSideApply.Apply(live, Config(2), "kubectl", false, T0, Deployment);

        ApplyConflictMessage.Format(result.Conflicts).Should().Be(
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: .spec.replicas");
    }

    [Fact]
    public void RecordUpdate_ChangedField_MovesOwnershipFromApplier()
    {
        var applied = ServerSideApply.Apply(null, Config(2), "kubectl", false, T0, Deployment).Object;
        var edited = (JsonObject)applied.DeepClone();
        edited["spec"]!["replicas"] = 4;

        var result = ServerSideApply.RecordUpdate(applied, edited, "kubectl-edit", T1, Deployment);

        var entries = ManagedFields(result);
        entries.Should().HaveCount(2);
        entries[0]!["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").Should().BeFalse();
        JsonAssert.Equal(entries[1]!["fieldsV1"], """{"f:spec":{"f:replicas":{}}}""");
        entries[1]!["operation"]!.GetValue<string>().Should().Be("Update");
        entries[1]!["time"]!.GetValue<string>().Should().Be("2026-01-02T03:05:05Z");
    }

    [Fact]
    public void RecordUpdate_Create_OwnsAllFields()
    {
        var result = ServerSideApply.RecordUpdate(null, Config(1), "kubectl-create", T0, Deployment);
        var entry = ManagedFields(result).Single()!;
        entry["manager"]!.GetValue<string>().Should().Be("kubectl-create");
        entry["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas").Should().BeTrue();
    }

    [Fact]
    public void RecordUpdate_NoChange_LeavesManagedFieldsAlone()
    {
        var applied = ServerSideApply.Apply(null, Config(2), "kubectl", false, T0, Deployment).Object;
        var result = ServerSideApply.RecordUpdate(applied, (JsonObject)applied.DeepClone(), "other", T1, Deployment);
        JsonAssert.Equal(result["metadata"]!["managedFields"], applied["metadata"]!["managedFields"]!.ToJsonString());
    }

    [Fact]
    public void RecordUpdate_RemovedField_LeavesEveryManager()
    {
        var applied = ServerSideApply.Apply(null, Config(2, extraLabel: "tier"), "kubectl", false, T0, Deployment).Object;
        var edited = (JsonObject)applied.DeepClone();
        edited["metadata"]!["labels"]!.AsObject().Remove("tier");

        var result = ServerSideApply.RecordUpdate(applied, edited, "kubectl-edit", T1, Deployment);

        ManagedFields(result).Single()!["fieldsV1"]!["f:metadata"]!["f:labels"]!.AsObject().ContainsKey("f:tier").Should().BeFalse();
    }

    [Fact]
    public void Apply_ContainersMergedByName_KeepsOtherManagersContainer()
    {
        var first = ServerSideApply.Apply(null, Config(1), "a", false, T0, Deployment).Object;
        var sidecar = JsonAssert.Object("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"side","image":"s"}]}}}}
            """);
        var result = ServerSideApply.Apply(first, sidecar, "b", false, T1, Deployment);

        result.Object["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()).Should().Equal("app", "side");
    }

    [Fact]
    public void Apply_AtomicList_ReplacedWhole()
    {
        var config = JsonAssert.Object("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"tolerations":[{"key":"a"}]}}""");
        var first = ServerSideApply.Apply(null, config, "a", false, T0, PatchSchema.ForKind("", "v1", "Pod")).Object;
        var update = JsonAssert.Object("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"tolerations":[{"key":"b"}]}}""");

        var result = ServerSideApply.Apply(first, update, "a", false, T1, PatchSchema.ForKind("", "v1", "Pod"));

        JsonAssert.Equal(result.Object["spec"]!["tolerations"], """[{"key":"b"}]""");
        JsonAssert.Equal(ManagedFields(result.Object).Single()!["fieldsV1"], """{"f:spec":{"f:tolerations":{}}}""");
    }

    [Fact]
    public void Apply_FinalizersSet_OwnedByValue()
    {
        var config = JsonAssert.Object("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","finalizers":["x/y"]}}""");
        var result = ServerSideApply.Apply(null, config, "a", false, T0, PatchSchema.ForKind("", "v1", "ConfigMap"));
        JsonAssert.Equal(ManagedFields(result.Object).Single()!["fieldsV1"], """{"f:metadata":{"f:finalizers":{"v:\"x/y\"":{}}}}""");
    }

    [Fact]
    public void Apply_CrdListMapKeys_MergesByKeys()
    {
        var crd = StructuralSchema.Parse(JsonAssert.Parse("""
            {"type":"object","properties":{"spec":{"type":"object","properties":{"ports":{"type":"array","x-kubernetes-list-type":"map",
              "x-kubernetes-list-map-keys":["port","protocol"],"items":{"type":"object","properties":{"port":{"type":"integer"},"protocol":{"type":"string"},"name":{"type":"string"}}}}}}}}
            """));
        var first = ServerSideApply.Apply(null, JsonAssert.Object("""{"apiVersion":"e.com/v1","kind":"W","metadata":{"name":"w"},"spec":{"ports":[{"port":80,"protocol":"TCP","name":"a"}]}}"""), "a", false, T0, PatchSchema.Empty, crd).Object;
        var result = ServerSideApply.Apply(first, JsonAssert.Object("""{"apiVersion":"e.com/v1","kind":"W","metadata":{"name":"w"},"spec":{"ports":[{"port":80,"protocol":"UDP"}]}}"""), "b", false, T1, PatchSchema.Empty, crd);

        result.Object["spec"]!["ports"]!.AsArray().Should().HaveCount(2);
        ManagedFields(result.Object)[0]!["fieldsV1"]!["f:spec"]!["f:ports"]!.AsObject().ContainsKey("k:{\"port\":80,\"protocol\":\"TCP\"}").Should().BeTrue();
    }

    [Fact]
    public void Apply_Unchanged_KeepsTimestamp()
    {
        var first = ServerSideApply.Apply(null, Config(2), "a", false, T0, Deployment).Object;
        var again = ServerSideApply.Apply(first, Config(2), "a", false, T1, Deployment).Object;
        JsonAssert.Equal(again, first.ToJsonString());
    }

    [Fact]
    public void Apply_Inputs_NotMutated()
    {
        var config = Config(2);
        var before = config.ToJsonString();
        var live = ServerSideApply.Apply(null, Config(1), "b", false, T0, Deployment).Object;
        var liveBefore = live.ToJsonString();
        ServerSideApply.Apply(live, config, "a", true, T1, Deployment);
        JsonAssert.Equal(config, before);
        JsonAssert.Equal(live, liveBefore);
    }

    [Fact]
    public void Format_ManyConflicts_GroupedByManager()
    {
        var conflicts = new[]
        {
            new ApplyConflict("b", ".x") { Operation = "Apply" },
            new ApplyConflict("a", ".spec.replicas") { ApiVersion = "apps/v1" },
            new ApplyConflict("a", ".spec.paused") { ApiVersion = "apps/v1" },
        };
        ApplyConflictMessage.Format(conflicts).Should().Be(
            "Apply failed with 3 conflicts: conflicts with \"a\" using apps/v1:\n- .spec.replicas\n- .spec.paused\nconflicts with \"b\":\n- .x");
    }
}
