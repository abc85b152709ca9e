using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.ApiMachinery.Tests.Selectors;

public sealed class FieldSelectorTests
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["metadata.name"] = "web",
        ["status.phase"] = "Running",
        ["spec.odd"] = "a,b=c\\d",
    };

    private static string? Lookup(string field) => Fields.TryGetValue(field, out var v) ? v : null;

    [Theory]
    [InlineData("metadata.name=web", true)]
    [InlineData("metadata.name==web", true)]
    [InlineData("metadata.name=db", false)]
    [InlineData("metadata.name!=db", true)]
    [InlineData("metadata.name!=web", false)]
    [InlineData("metadata.name=web,status.phase=Running", true)]
    [InlineData("metadata.name=web,status.phase!=Running", false)]
    [InlineData("spec.missing=", true)]
    [InlineData("spec.missing!=x", true)]
    [InlineData(@"spec.odd=a\,b\=c\\d", true)]
    public void Matches_Operator_EvaluatesLikeKube(string selector, bool expected)
    {
        FieldSelector.Parse(selector).Matches(Lookup).Should().Be(expected);
    }

    [Fact]
    public void Parse_Escapes_UnescapesValue()
    {
        var requirement = FieldSelector.Parse(@"a=x\,y\=z\\w").Requirements.Single();
        requirement.Should().Be(new FieldRequirement("a", SelectorOperator.Equal, @"x,y=z\w"));
        requirement.ToString().Should().Be(@"a=x\,y\=z\\w");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Parse_Blank_ReturnsEverything(string? text)
    {
        FieldSelector.Parse(text).IsEverything.Should().BeTrue();
    }

    [Fact]
    public void Parse_EmptyTerms_Skipped()
    {
        FieldSelector.Parse("a=b,,").Requirements.Should().ContainSingle();
    }

    [Fact]
    public void Parse_NoOperator_Throws()
    {
        var act = () => FieldSelector.Parse("a=b,nope");
        act.Should().Throw<SelectorParseException>().WithMessage("invalid selector: 'a=b,nope'; can't understand 'nope'");
    }

    [Fact]
    public void Parse_UnescapedEquals_Throws()
    {
        var act = () => FieldSelector.Parse("a=b=c");
        act.Should().Throw<SelectorParseException>().WithMessage("invalid field selector: unescaped character '='");
    }

    [Fact]
    public void Parse_InvalidEscape_Throws()
    {
        var act = () => FieldSelector.Parse(@"a=b\x");
        act.Should().Throw<SelectorParseException>().WithMessage(@"invalid field selector: invalid escape sequence: \x");
    }

    [Fact]
    public void ToString_Parsed_Reparses()
    {
        var selector = FieldSelector.Parse("b!=2,a==1");
        selector.ToString().Should().Be("a==1,b!=2");
        FieldSelector.Parse(selector.ToString()).ToString().Should().Be("a==1,b!=2");
    }
}
