using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Selectors;

namespace Tdcc.Mesh.ApiMachinery.Tests.Selectors;

public sealed class LabelSelectorTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["n"] = "5" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app=db", false)]
    [InlineData("app==web", true)]
    [InlineData("app!=db", true)]
    [InlineData("app!=web", false)]
    [InlineData("missing!=x", true)]
    [InlineData("app in (db,web)", true)]
    [InlineData("app in (db)", false)]
    [InlineData("missing in (x)", false)]
    [InlineData("app notin (db)", true)]
    [InlineData("app notin (web)", false)]
    [InlineData("missing notin (x)", true)]
    [InlineData("app", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("n>4", true)]
    [InlineData("n<4", false)]
    [InlineData("app>4", false)]
    [InlineData("app=web,tier=front", true)]
    [InlineData("app=web,tier=back", false)]
    [InlineData("  app = web ,  tier   in(front ,back)  ", true)]
    [InlineData("in=x", false)]
    public void Matches_Operator_EvaluatesLikeKube(string selector, bool expected)
    {
        LabelSelector.Parse(selector).Matches(Labels).Should().Be(expected);
    }

    [Fact]
    public void Matches_NullLabels_TreatedAsEmpty()
    {
        LabelSelector.Parse("!a,b!=c").Matches(null).Should().BeTrue();
        LabelSelector.Parse("a").Matches(null).Should().BeFalse();
    }

    [Fact]
    public void Parse_EmptyValue_MatchesEmptyLabel()
    {
        var selector = LabelSelector.Parse("a=");
        selector.Matches(new Dictionary<string, string> { ["a"] = string.Empty }).Should().BeTrue();
        selector.Requirements.Single().Values.Should().Equal(string.Empty);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Parse_Blank_ReturnsEverything(string? text)
    {
        var selector = LabelSelector.Parse(text);
        selector.IsEverything.Should().BeTrue();
        selector.Matches(Labels).Should().BeTrue();
    }

    [Fact]
    public void Parse_Requirements_SortedByKeyWithSortedValues()
    {
        var selector = LabelSelector.Parse("z=1,a in (c,b,b)");
        selector.Requirements.Select(r => r.Key).Should().Equal("a", "z");
        selector.Requirements[0].Operator.Should().Be(SelectorOperator.In);
        selector.Requirements[0].Values.Should().Equal("b", "c");
    }

    [Theory]
    [InlineData("a=b", "a=b")]
    [InlineData("a==b", "a==b")]
    [InlineData(" b != c , a ", "a,b!=c")]
    [InlineData("x in ( z, y )", "x in (y,z)")]
    [InlineData("x notin (z)", "x notin (z)")]
    [InlineData("!x", "!x")]
    [InlineData("n>1,m<2", "m<2,n>1")]
    [InlineData("example.com/a=b", "example.com/a=b")]
    public void ToString_Parsed_IsCanonicalAndReparses(string text, string canonical)
    {
        var selector = LabelSelector.Parse(text);
        selector.ToString().Should().Be(canonical);
        LabelSelector.Parse(selector.ToString()).ToString().Should().Be(canonical);
    }

    [Theory]
    [InlineData("a=b,", "found '', expected: identifier after ','")]
    [InlineData(",a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("a in x", "unable to parse requirement: found 'x', expected: '('")]
    [InlineData("a in (x", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("a in ()", "unable to parse requirement: values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("a (b)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("a=(", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!=a", "found '!=', expected: !, identifier, or 'end of string'")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")]
    public void Parse_Malformed_ThrowsKubeMessage(string text, string message)
    {
        var act = () => LabelSelector.Parse(text);
        act.Should().Throw<SelectorParseException>().WithMessage(message);
    }

    [Fact]
    public void Parse_InvalidKey_ThrowsWithKeyMessage()
    {
        var act = () => LabelSelector.Parse("-bad=x");
        act.Should().Throw<SelectorParseException>().WithMessage("unable to parse requirement: invalid label key \"-bad\": name part must consist of*");
    }

    [Fact]
    public void Parse_InvalidPrefix_ThrowsWithPrefixMessage()
    {
        var act = () => LabelSelector.Parse("Bad_Prefix/a=x");
        act.Should().Throw<SelectorParseException>().WithMessage("*prefix part a lowercase RFC 1123 subdomain*");
    }

    [Fact]
    public void Parse_KeyTooLong_Throws()
    {
        var act = () => LabelSelector.Parse(new string('a', 64));
        act.Should().Throw<SelectorParseException>().WithMessage("*name part must be no more than 63 characters*");
    }

    [Fact]
    public void Parse_InvalidValue_ThrowsWithValueMessage()
    {
        var act = () => LabelSelector.Parse("a=b@c");
        act.Should().Throw<SelectorParseException>()
            .WithMessage("unable to parse requirement: values[0]: Invalid value: \"b@c\": a valid label must be an empty string or consist of*");
    }

    [Fact]
    public void Parse_ParseError_IsFormatException()
    {
        var act = () => LabelSelector.Parse("a in");
        act.Should().Throw<FormatException>();
    }

    [Fact]
    public void FromLabelSelector_MatchLabelsAndExpressions_AreAnded()
    {
        var node = JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[
              {"key":"tier","operator":"In","values":["front","back"]},
              {"key":"env","operator":"NotIn","values":["prod"]},
              {"key":"n","operator":"Exists"},
              {"key":"gone","operator":"DoesNotExist"}]}
            """);
        var selector = LabelSelector.FromLabelSelector(node);
        selector.Matches(Labels).Should().BeTrue();
        selector.ToString().Should().Be("app=web,env notin (prod),!gone,n,tier in (back,front)");
        selector.Matches(new Dictionary<string, string> { ["app"] = "web" }).Should().BeFalse();
    }

    [Fact]
    public void FromLabelSelector_NullOrEmpty_MatchesEverything()
    {
        LabelSelector.FromLabelSelector(null).IsEverything.Should().BeTrue();
        LabelSelector.FromLabelSelector(new JsonObject()).Matches(Labels).Should().BeTrue();
    }

    [Fact]
    public void FromLabelSelectorOrNothing_Null_MatchesNothing()
    {
        var selector = LabelSelector.FromLabelSelectorOrNothing(null);
        selector.IsEverything.Should().BeFalse();
        selector.Matches(Labels).Should().BeFalse();
        LabelSelector.FromLabelSelectorOrNothing(new JsonObject()).Matches(Labels).Should().BeTrue();
    }

    [Fact]
    public void FromLabelSelector_UnknownOperator_Throws()
    {
        var node = JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Like","values":["x"]}]}""");
        var act = () => LabelSelector.FromLabelSelector(node);
        act.Should().Throw<SelectorParseException>().WithMessage("\"Like\" is not a valid label selector operator");
    }

    [Fact]
    public void FromLabelSelector_InWithoutValues_Throws()
    {
        var node = JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"In","values":[]}]}""");
        var act = () => LabelSelector.FromLabelSelector(node);
        act.Should().Throw<SelectorParseException>().WithMessage("*values set can't be empty");
    }

    [Fact]
    public void FromLabelSelector_ExistsWithValues_Throws()
    {
        var node = JsonNode.Parse("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x"]}]}""");
        var act = () => LabelSelector.FromLabelSelector(node);
        act.Should().Throw<SelectorParseException>().WithMessage("*values set must be empty for exists and does not exist");
    }
}
