using Tdcc.Mesh.ApiMachinery.Patching;

namespace Tdcc.Mesh.ApiMachinery.Tests.Patching;

public sealed class StrategicMergeDiffTests
{
    private static readonly PatchSchema Deployment = PatchSchema.ForKind("apps", "v1", "Deployment");

    private const string Original = """
        {"metadata":{"name":"web","labels":{"a":"1","b":"2"},"finalizers":["x","y"]},
         "spec":{"replicas":1,"template":{"spec":{"containers":[
           {"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},
           {"name":"side","image":"side:1"}],"tolerations":[{"key":"t"}]}}}}
        """;

    [Theory]
    [InlineData("""{"metadata":{"name":"web","labels":{"a":"1","b":"2"},"finalizers":["x","y"]},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]},{"name":"side","image":"side:1"}],"tolerations":[{"key":"t"}]}}}}""")]
    [InlineData("""{"metadata":{"name":"web","labels":{"a":"1"},"finalizers":["y","z"]},"spec":{"replicas":1,"template":{"spec":{"containers":[{"name":"app","image":"app:2","env":[{"name":"B","value":"2"}]}],"tolerations":[]}}}}""")]
    [InlineData("""{"metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"side","image":"side:1"},{"name":"new","image":"n"},{"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]}]}}}}""")]
    public void CreateTwoWay_AppliedToOriginal_YieldsModified(string modified)
    {
        var patch = StrategicMergePatch.CreateTwoWay(JsonAssert.Object(Original), JsonAssert.Object(modified), Deployment);
        JsonAssert.Equal(StrategicMergePatch.Apply(JsonAssert.Parse(Original), patch, Deployment), modified);
    }

    [Fact]
    public void CreateTwoWay_RemovedContainer_UsesDeleteDirective()
    {
        var modified = JsonAssert.Object(Original);
        modified["spec"]!["template"]!["spec"]!["containers"]!.AsArray().RemoveAt(1);
        var patch = StrategicMergePatch.CreateTwoWay(JsonAssert.Object(Original), modified, Deployment);
        JsonAssert.Equal(patch, """
            {"spec":{"template":{"spec":{"containers":[{"name":"side","$patch":"delete"}],"$setElementOrder/containers":[{"name":"app"}]}}}}
            """);
    }

    [Fact]
    public void CreateTwoWay_Equal_Empty()
    {
        StrategicMergePatch.CreateTwoWay(JsonAssert.Object(Original), JsonAssert.Object(Original), Deployment).Should().BeEmpty();
    }
}
