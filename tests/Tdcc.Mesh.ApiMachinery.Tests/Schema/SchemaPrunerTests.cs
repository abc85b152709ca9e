using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Tests.Schema;

public sealed class SchemaPrunerTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(JsonAssert.Parse("""
        {"type":"object","properties":{
          "metadata":{"type":"object","properties":{"name":{"type":"string"}}},
          "spec":{"type":"object","properties":{
            "known":{"type":"string"},
            "free":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"inner":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "map":{"type":"object","additionalProperties":{"type":"string"}},
            "list":{"type":"array","items":{"type":"object","properties":{"k":{"type":"string"}}}},
            "embedded":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}}}}}
        """));

    [Fact]
    public void Prune_UnknownField_Dropped()
    {
        JsonAssert.Equal(SchemaPruner.Prune(JsonAssert.Parse("""{"spec":{"known":"x","extra":1},"status":{}}"""), Schema), """{"spec":{"known":"x"}}""");
    }

    [Fact]
    public void Prune_RootApiVersionKindMetadata_Kept()
    {
        JsonAssert.Equal(
            SchemaPruner.Prune(JsonAssert.Parse("""{"apiVersion":"a/v1","kind":"W","metadata":{"name":"n","labels":{"a":"b"}}}"""), Schema),
            """{"apiVersion":"a/v1","kind":"W","metadata":{"name":"n","labels":{"a":"b"}}}""");
    }

    [Fact]
    public void Prune_PreserveUnknownFields_KeepsUnknownButPrunesDeclaredChildren()
    {
        JsonAssert.Equal(
            SchemaPruner.Prune(JsonAssert.Parse("""{"spec":{"free":{"x":1,"inner":{"a":"1","b":2}}}}"""), Schema),
            """{"spec":{"free":{"x":1,"inner":{"a":"1"}}}}""");
    }

    [Fact]
    public void Prune_AdditionalProperties_Kept()
    {
        JsonAssert.Equal(SchemaPruner.Prune(JsonAssert.Parse("""{"spec":{"map":{"a":"1"}}}"""), Schema), """{"spec":{"map":{"a":"1"}}}""");
    }

    [Fact]
    public void Prune_ArrayItems_Pruned()
    {
        JsonAssert.Equal(SchemaPruner.Prune(JsonAssert.Parse("""{"spec":{"list":[{"k":"1","z":2}]}}"""), Schema), """{"spec":{"list":[{"k":"1"}]}}""");
    }

    [Fact]
    public void Prune_EmbeddedResource_KeepsTypeMetaAndMetadata()
    {
        JsonAssert.Equal(
            SchemaPruner.Prune(JsonAssert.Parse("""{"spec":{"embedded":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{},"junk":1}}}"""), Schema),
            """{"spec":{"embedded":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{}}}}""");
    }

    [Fact]
    public void PruneWithReport_UnknownFields_ListsPaths()
    {
        var result = SchemaPruner.PruneWithReport(JsonAssert.Parse("""{"spec":{"extra":1,"list":[{"z":2}]},"status":{}}"""), Schema);
        result.UnknownFields.Should().Equal("spec.extra", "spec.list[0].z", "status");
    }
}
