using Tdcc.Mesh.ApiMachinery.Patching;

namespace Tdcc.Mesh.ApiMachinery.Tests.Patching;

public sealed class JsonPatchTests
{
    [Theory]
    [InlineData("A.1 add object member", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux"}]""", """{"baz":"qux","foo":"bar"}""")]
    [InlineData("A.2 add array element", """{"foo":["bar","baz"]}""", """[{"op":"add","path":"/foo/1","value":"qux"}]""", """{"foo":["bar","qux","baz"]}""")]
    [InlineData("A.3 remove object member", """{"baz":"qux","foo":"bar"}""", """[{"op":"remove","path":"/baz"}]""", """{"foo":"bar"}""")]
    [InlineData("A.4 remove array element", """{"foo":["bar","qux","baz"]}""", """[{"op":"remove","path":"/foo/1"}]""", """{"foo":["bar","baz"]}""")]
    [InlineData("A.5 replace", """{"baz":"qux","foo":"bar"}""", """[{"op":"replace","path":"/baz","value":"boo"}]""", """{"baz":"boo","foo":"bar"}""")]
    [InlineData("A.6 move", """{"foo":{"bar":"baz","waldo":"fred"},"qux":{"corge":"grault"}}""", """[{"op":"move","from":"/foo/waldo","path":"/qux/thud"}]""", """{"foo":{"bar":"baz"},"qux":{"corge":"grault","thud":"fred"}}""")]
    [InlineData("A.7 move array element", """{"foo":["all","grass","cows","eat"]}""", """[{"op":"move","from":"/foo/1","path":"/foo/3"}]""", """{"foo":["all","cows","eat","grass"]}""")]
    [InlineData("A.8 test", """{"baz":"qux","foo":["a",2,"c"]}""", """[{"op":"test","path":"/baz","value":"qux"},{"op":"test","path":"/foo/1","value":2}]""", """{"baz":"qux","foo":["a",2,"c"]}""")]
    [InlineData("A.10 add nested member", """{"foo":"bar"}""", """[{"op":"add","path":"/child","value":{"grandchild":{}}}]""", """{"foo":"bar","child":{"grandchild":{}}}""")]
    [InlineData("A.11 ignore unrecognized members", """{"foo":"bar"}""", """[{"op":"add","path":"/baz","value":"qux","xyz":123}]""", """{"foo":"bar","baz":"qux"}""")]
    [InlineData("A.14 escape ordering", """{"/":9,"~1":10}""", """[{"op":"test","path":"/~01","value":10}]""", """{"/":9,"~1":10}""")]
    [InlineData("A.16 add array value", """{"foo":["bar"]}""", """[{"op":"add","path":"/foo/-","value":["abc","def"]}]""", """{"foo":["bar",["abc","def"]]}""")]
    [InlineData("copy", """{"a":{"b":1}}""", """[{"op":"copy","from":"/a","path":"/c"}]""", """{"a":{"b":1},"c":{"b":1}}""")]
    [InlineData("escaped slash", """{}""", """[{"op":"add","path":"/a~1b","value":1}]""", """{"a/b":1}""")]
    [InlineData("replace root", """{"a":1}""", """[{"op":"replace","path":"","value":{"b":2}}]""", """{"b":2}""")]
    public void Apply_Rfc6902Example_ProducesResult(string name, string target, string patch, string expected)
    {
        _ = name;
        JsonAssert.Equal(JsonPatch.Apply(JsonAssert.Parse(target), JsonAssert.Parse(patch)), expected);
    }

    [Fact]
    public void Apply_TestFails_ThrowsConflict()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"baz":"qux"}"""), JsonAssert.Parse("""[{"op":"test","path":"/baz","value":"bar"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Conflict).WithMessage("testing value /baz failed: test failed");
    }

    [Fact]
    public void Apply_TestStringAgainstNumber_ThrowsConflict()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"/":9,"~1":10}"""), JsonAssert.Parse("""[{"op":"test","path":"/~01","value":"10"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Conflict);
    }

    [Fact]
    public void Apply_AddToNonexistentTarget_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"foo":"bar"}"""), JsonAssert.Parse("""[{"op":"add","path":"/baz/bat","value":"qux"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid)
            .WithMessage("add operation does not apply: doc is missing path: \"/baz/bat\": missing value");
    }

    [Fact]
    public void Apply_RemoveMissing_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"a":[1]}"""), JsonAssert.Parse("""[{"op":"remove","path":"/a/1"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid);
    }

    [Fact]
    public void Apply_ReplaceMissing_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{}"""), JsonAssert.Parse("""[{"op":"replace","path":"/a","value":1}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid);
    }

    [Fact]
    public void Apply_AddIndexOutOfBounds_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"a":[1]}"""), JsonAssert.Parse("""[{"op":"add","path":"/a/2","value":1}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid);
    }

    [Fact]
    public void Apply_LeadingZeroIndex_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"a":[1,2]}"""), JsonAssert.Parse("""[{"op":"remove","path":"/a/01"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid);
    }

    [Fact]
    public void Apply_MoveIntoOwnChild_ThrowsInvalid()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("""{"a":{"b":{}}}"""), JsonAssert.Parse("""[{"op":"move","from":"/a","path":"/a/b/c"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.Invalid);
    }

    [Fact]
    public void Apply_UnknownOperation_ThrowsBadRequest()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("{}"), JsonAssert.Parse("""[{"op":"frobnicate","path":"/a"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.BadRequest).WithMessage("Unexpected kind: frobnicate");
    }

    [Fact]
    public void Apply_MissingValue_ThrowsBadRequest()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("{}"), JsonAssert.Parse("""[{"op":"add","path":"/a"}]"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.BadRequest);
    }

    [Fact]
    public void Apply_DocumentNotArray_ThrowsBadRequest()
    {
        var act = () => JsonPatch.Apply(JsonAssert.Parse("{}"), JsonAssert.Parse("""{"op":"add"}"""));
        act.Should().Throw<PatchException>().Where(e => e.Kind == PatchErrorKind.BadRequest);
    }

    [Fact]
    public void Apply_FailureMidway_DoesNotMutateTarget()
    {
        var target = JsonAssert.Parse("""{"a":1}""");
        var act = () => JsonPatch.Apply(target, JsonAssert.Parse("""[{"op":"add","path":"/b","value":2},{"op":"test","path":"/a","value":2}]"""));
        act.Should().Throw<PatchException>();
        JsonAssert.Equal(target, """{"a":1}""");
    }
}
