using Tdcc.Mesh.ApiMachinery.Patching;

namespace Tdcc.Mesh.ApiMachinery.Tests.Patching;

public sealed class StrategicMergePatchTests
{
    private static readonly PatchSchema Deployment = PatchSchema.ForKind("apps", "v1", "Deployment");

    private const string Live = """
        {"metadata":{"name":"web","finalizers":["a","b"]},
         "spec":{"replicas":1,"template":{"spec":{"containers":[
           {"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80}]},
           {"name":"sidecar","image":"side:1"}],
           "tolerations":[{"key":"x"}]}}}}
        """;

    private static string Apply(string patch, PatchSchema? schema = null) =>
        StrategicMergePatch.Apply(JsonAssert.Parse(Live), JsonAssert.Parse(patch), schema ?? Deployment).ToJsonString();

    [Fact]
    public void Apply_ContainersByName_MergesMatchingItem()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"side:2"}]}}}}"""));
        JsonAssert.Equal(result["spec"]!["template"]!["spec"]!["containers"], """
            [{"name":"app","image":"app:1","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}],"ports":[{"containerPort":80}]},
             {"name":"sidecar","image":"side:2"}]
            """);
    }

    [Fact]
    public void Apply_NewContainer_Appended()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"new","image":"n"}]}}}}"""));
        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("app", "sidecar", "new");
    }

    [Fact]
    public void Apply_NestedEnvByName_Merged()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"},{"name":"C","value":"4"}]}]}}}}"""));
        JsonAssert.Equal(result["spec"]!["template"]!["spec"]!["containers"]![0]!["env"], """
            [{"name":"A","value":"1"},{"name":"B","value":"3"},{"name":"C","value":"4"}]
            """);
    }

    [Fact]
    public void Apply_PatchDeleteInList_RemovesItem()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"""));
        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["name"]!).Should().Equal("app");
    }

    [Fact]
    public void Apply_PatchReplaceInList_ReplacesList()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o"},{"$patch":"replace"}]}}}}"""));
        JsonAssert.Equal(result["spec"]!["template"]!["spec"]!["containers"], """[{"name":"only","image":"o"}]""");
    }

    [Fact]
    public void Apply_PatchDeleteOnMap_RemovesMap()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"$patch":"delete"}}}"""));
        result["spec"]!.AsObject().ContainsKey("template").Should().BeFalse();
    }

    [Fact]
    public void Apply_PatchReplaceOnMap_ReplacesMap()
    {
        var result = JsonAssert.Parse(Apply("""{"metadata":{"$patch":"replace","name":"other"}}"""));
        JsonAssert.Equal(result["metadata"], """{"name":"other"}""");
    }

    [Fact]
    public void Apply_UnknownDirective_ThrowsBadRequest()
    {
        var act = () => Apply("""{"metadata":{"$patch":"explode"}}""");
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.BadRequest);
    }

    [Fact]
    public void Apply_NullValue_DeletesField()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"replicas":null}}"""));
        result["spec"]!.AsObject().ContainsKey("replicas").Should().BeFalse();
    }

    [Fact]
    public void Apply_RetainKeys_DropsUnlistedKeys()
    {
        var target = JsonAssert.Parse("""{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""");
        var patch = JsonAssert.Parse("""{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
        JsonAssert.Equal(StrategicMergePatch.Apply(target, patch, Deployment), """{"spec":{"strategy":{"type":"Recreate"}}}""");
    }

    [Fact]
    public void Apply_PrimitiveMergeList_Unions()
    {
        var result = JsonAssert.Parse(Apply("""{"metadata":{"finalizers":["b","c"]}}"""));
        JsonAssert.Equal(result["metadata"]!["finalizers"], """["a","b","c"]""");
    }

    [Fact]
    public void Apply_DeleteFromPrimitiveList_RemovesValues()
    {
        var result = JsonAssert.Parse(Apply("""{"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}}"""));
        JsonAssert.Equal(result["metadata"]!["finalizers"], """["b"]""");
    }

    [Fact]
    public void Apply_SetElementOrder_ReordersMergedList()
    {
        var result = JsonAssert.Parse(Apply("""
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"sidecar"},{"name":"app"}],
              "containers":[{"name":"app","image":"app:2"}]}}}}
            """));
        result["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string)c!["image"]!).Should().Equal("side:1", "app:2");
    }

    [Fact]
    public void Apply_SetElementOrderWithServerOnlyItem_InterleavesByServerOrder()
    {
        var target = JsonAssert.Parse("""{"l":[{"k":"a"},{"k":"b"},{"k":"c"}]}""");
        var patch = JsonAssert.Parse("""{"$setElementOrder/l":[{"k":"c"},{"k":"a"},{"k":"d"}],"l":[{"k":"d"}]}""");
        var result = StrategicMergePatch.Apply(target, patch, PatchSchema.Empty.WithList("l", "k"));
        result["l"]!.AsArray().Select(i => (string)i!["k"]!).Should().Equal("b", "c", "a", "d");
    }

    [Fact]
    public void Apply_SetElementOrderPrimitive_Reorders()
    {
        var result = JsonAssert.Parse(Apply("""{"metadata":{"$setElementOrder/finalizers":["b","a"]}}"""));
        JsonAssert.Equal(result["metadata"]!["finalizers"], """["b","a"]""");
    }

    [Fact]
    public void Apply_AtomicList_Replaced()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"tolerations":[{"key":"y"}]}}}}"""));
        JsonAssert.Equal(result["spec"]!["template"]!["spec"]!["tolerations"], """[{"key":"y"}]""");
    }

    [Fact]
    public void Apply_EmptySchema_ReplacesLists()
    {
        var result = JsonAssert.Parse(Apply("""{"spec":{"template":{"spec":{"containers":[{"name":"x"}]}}}}""", PatchSchema.Empty));
        JsonAssert.Equal(result["spec"]!["template"]!["spec"]!["containers"], """[{"name":"x"}]""");
    }

    [Fact]
    public void Apply_MissingMergeKey_ThrowsBadRequest()
    {
        var act = () => Apply("""{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""");
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.BadRequest).WithMessage("*does not contain declared merge key: name");
    }

    [Fact]
    public void Apply_DirectivesInNewField_AreStripped()
    {
        var target = JsonAssert.Parse("{}");
        var patch = JsonAssert.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"a","$patch":"merge"}]}}}}""");
        JsonAssert.Equal(StrategicMergePatch.Apply(target, patch, Deployment), """{"spec":{"template":{"spec":{"containers":[{"name":"a"}]}}}}""");
    }

    [Fact]
    public void Apply_Inputs_AreNotMutated()
    {
        var target = JsonAssert.Parse(Live);
        var patch = JsonAssert.Parse("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"z"}]}}}}""");
        StrategicMergePatch.Apply(target, patch, Deployment);
        JsonAssert.Equal(target, Live);
        JsonAssert.Equal(patch, """{"spec":{"template":{"spec":{"containers":[{"name":"app","image":"z"}]}}}}""");
    }

    [Theory]
    [InlineData("", "Pod", "spec.containers", "name")]
    [InlineData("apps", "StatefulSet", "spec.template.spec.volumes", "name")]
    [InlineData("apps", "DaemonSet", "spec.template.spec.initContainers.volumeMounts", "mountPath")]
    [InlineData("", "Service", "spec.ports", "port")]
    [InlineData("", "Node", "status.conditions", "type")]
    [InlineData("example.com", "Widget", "metadata.ownerReferences", "uid")]
    public void ForKind_BuiltInKind_HasMergeKey(string group, string kind, string path, string key)
    {
        PatchSchema.ForKind(group, "v1", kind).ListAt(path)!.MergeKey.Should().Be(key);
    }

    [Theory]
    [InlineData("", "Pod", "spec.tolerations")]
    [InlineData("discovery.k8s.io", "EndpointSlice", "endpoints")]
    [InlineData("networking.k8s.io", "NetworkPolicy", "spec.ingress")]
    public void ForKind_AtomicList_HasNoRule(string group, string kind, string path)
    {
        PatchSchema.ForKind(group, "v1", kind).ListAt(path).Should().BeNull();
    }
}
