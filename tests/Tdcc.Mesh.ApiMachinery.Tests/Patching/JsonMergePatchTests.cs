using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Patching;

namespace Tdcc.Mesh.ApiMachinery.Tests.Patching;

public sealed class JsonMergePatchTests
{
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""["a","b"]""", """["c","d"]""", """["c","d"]""")]
    [InlineData("""{"a":"b"}""", """["c"]""", """["c"]""")]
    [InlineData("""{"a":"foo"}""", "null", "null")]
    [InlineData("""{"a":"foo"}""", "\"bar\"", "\"bar\"")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""[1,2]""", """{"a":"b","c":null}""", """{"a":"b"}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7386AppendixExample_ProducesResult(string target, string patch, string expected)
    {
        JsonAssert.Equal(JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch)), expected);
    }

    [Fact]
    public void Apply_Inputs_AreNotMutated()
    {
        var target = JsonAssert.Parse("""{"a":{"b":1}}""");
        var patch = JsonAssert.Parse("""{"a":{"c":2}}""");
        var result = JsonMergePatch.Apply(target, patch);
        JsonAssert.Equal(target, """{"a":{"b":1}}""");
        JsonAssert.Equal(patch, """{"a":{"c":2}}""");
        result!["a"]!["c"] = 3;
        JsonAssert.Equal(patch, """{"a":{"c":2}}""");
    }

    [Fact]
    public void CreatePatch_ChangedAddedRemoved_ProducesMinimalPatch()
    {
        var original = JsonAssert.Parse("""{"a":1,"b":{"c":1,"d":2},"e":[1],"f":"same"}""");
        var modified = JsonAssert.Parse("""{"a":2,"b":{"c":1},"e":[1,2],"f":"same","g":true}""");
        var patch = JsonMergePatch.CreatePatch(original, modified);
        JsonAssert.Equal(patch, """{"a":2,"b":{"d":null},"e":[1,2],"g":true}""");
        JsonAssert.Equal(JsonMergePatch.Apply(original, patch), modified.ToJsonString());
    }

    [Fact]
    public void CreatePatch_Equal_ProducesEmptyObject()
    {
        JsonAssert.Equal(JsonMergePatch.CreatePatch(JsonAssert.Parse("""{"a":{"b":1}}"""), JsonAssert.Parse("""{"a":{"b":1}}""")), "{}");
    }
}
