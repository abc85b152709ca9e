using Tdcc.Mesh.ApiMachinery.Schema;

namespace Tdcc.Mesh.ApiMachinery.Tests.Schema;

public sealed class SchemaDefaulterTests
{
    private static readonly StructuralSchema Schema = StructuralSchema.Parse(JsonAssert.Parse("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "replicas":{"type":"integer","default":1},
          "opt":{"type":"string","nullable":true,"default":"d"},
          "tpl":{"type":"object","default":{},"properties":{"mode":{"type":"string","default":"auto"}}},
          "items":{"type":"array","items":{"type":"object","properties":{"w":{"type":"integer","default":5}}}},
          "m":{"type":"object","additionalProperties":{"type":"object","properties":{"z":{"type":"boolean","default":true}}}}}}}}
        """));

    [Fact]
    public void Apply_MissingField_GetsDefault()
    {
        SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{}}"""), Schema)["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void Apply_PresentField_Kept()
    {
        SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{"replicas":3}}"""), Schema)["spec"]!["replicas"]!.GetValue<int>().Should().Be(3);
    }

    [Fact]
    public void Apply_DefaultedObject_GetsNestedDefaults()
    {
        JsonAssert.Equal(SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{}}"""), Schema)["spec"]!["tpl"], """{"mode":"auto"}""");
    }

    [Fact]
    public void Apply_NullNonNullable_Defaulted()
    {
        SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{"replicas":null}}"""), Schema)["spec"]!["replicas"]!.GetValue<int>().Should().Be(1);
    }

    [Fact]
    public void Apply_NullNullable_Kept()
    {
        SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{"opt":null}}"""), Schema)["spec"]!["opt"].Should().BeNull();
    }

    [Fact]
    public void Apply_ArrayItemsAndMapValues_Defaulted()
    {
        var result = SchemaDefaulter.Apply(JsonAssert.Parse("""{"spec":{"items":[{},{"w":1}],"m":{"a":{}}}}"""), Schema);
        JsonAssert.Equal(result["spec"]!["items"], """[{"w":5},{"w":1}]""");
        JsonAssert.Equal(result["spec"]!["m"], """{"a":{"z":true}}""");
    }

    [Fact]
    public void Apply_NullNonNullableWithoutDefault_Dropped()
    {
        var schema = StructuralSchema.Parse(JsonAssert.Parse("""{"type":"object","properties":{"s":{"type":"string"}}}"""));
        JsonAssert.Equal(SchemaDefaulter.Apply(JsonAssert.Parse("""{"s":null}"""), schema), "{}");
    }

    [Fact]
    public void Apply_MissingParent_NotCreated()
    {
        JsonAssert.Equal(SchemaDefaulter.Apply(JsonAssert.Parse("{}"), Schema), "{}");
    }

    [Fact]
    public void Apply_Input_NotMutated()
    {
        var input = JsonAssert.Parse("""{"spec":{}}""");
        SchemaDefaulter.Apply(input, Schema);
        JsonAssert.Equal(input, """{"spec":{}}""");
    }
}
