using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;

namespace Tdcc.Mesh.ApiMachinery.Tests.Serialization;

public sealed class YamlToJsonTests
{
    [Fact]
    public void Convert_NestedMapsAndLists_KeepStructureAndOrder()
    {
        const string yaml = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              labels: {app: web, tier: "1"}
            spec:
              containers:
              - name: app
                ports:
                - containerPort: 8080
                  protocol: TCP
                args: [--verbose, "--port=8080", 3]
              - name: side
                env: []
            """;

        YamlToJson.Convert(yaml)!.ToJsonString().Should().Be(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","labels":{"app":"web","tier":"1"}},"spec":{"containers":[{"name":"app","ports":[{"containerPort":8080,"protocol":"TCP"}],"args":["--verbose","--port=8080",3]},{"name":"side","env":[]}]}}""");
    }

    [Fact]
    public void Convert_JsonText_IsTheSameJson()
    {
        const string json = """{"a":[1,2.5,true,null,"x",{"b":"1"}],"c":{},"d":-1e-7,"e":"é\n"}""";

        JsonNode.DeepEquals(YamlToJson.Convert(json), JsonNode.Parse(json)).Should().BeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void Convert_EmptyDocument_IsNull(string yaml) => YamlToJson.Convert(yaml).Should().BeNull();

    [Fact]
    public void Convert_MultiDocumentStream_ReadsOnlyTheFirst()
    {
        YamlToJson.Convert("a: 1\n---\nb: [unclosed\n")!.ToJsonString().Should().Be("{\"a\":1}");
    }

    [Fact]
    public void ConvertAll_MultiDocumentStream_ReadsEveryDocument()
    {
        const string yaml = "---\nkind: A\n---\nkind: B\n...\n---\n---\n- 1\n";

        var documents = YamlToJson.ConvertAll(yaml);

        documents.Select(d => d?.ToJsonString()).Should().Equal("{\"kind\":\"A\"}", "{\"kind\":\"B\"}", null, "[1]");
    }

    [Fact]
    public void ConvertAll_Anchors_DoNotCrossDocuments()
    {
        var act = () => YamlToJson.ConvertAll("a: &x 1\n---\nb: *x\n");

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.InvalidAlias);
        error.Line.Should().Be(3);
    }

    [Fact]
    public void ConvertObject_NotAMapping_IsRejected()
    {
        var act = () => YamlToJson.ConvertObject("- a\n");

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.NotAnObject);
    }

    [Fact]
    public void Convert_AnchorsAndAliases_AreExpandedAsCopies()
    {
        var json = YamlToJson.Convert("base: &b {cpu: 1, tags: [x]}\nscalar: &s hello\none: *b\ntwo: *b\nname: *s\n")!;

        json.ToJsonString().Should().Be("""{"base":{"cpu":1,"tags":["x"]},"scalar":"hello","one":{"cpu":1,"tags":["x"]},"two":{"cpu":1,"tags":["x"]},"name":"hello"}""");
        json["one"]!["cpu"] = 2;
        json["two"]!["cpu"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public void Convert_RedefinedAnchor_AliasUsesTheLatest()
    {
        YamlToJson.Convert("a: &x 1\nb: &x 2\nc: *x\n")!.ToJsonString().Should().Be("{\"a\":1,\"b\":2,\"c\":2}");
    }

    [Fact]
    public void Convert_MergeKey_ExplicitKeysWinAndEarlierMapsWin()
    {
        const string yaml = """
            defaults: &d {cpu: 1, memory: 2Gi, zone: a}
            other: &o {zone: b, disk: 10}
            single:
              cpu: 4
              <<: *d
            many:
              <<: [*o, *d]
              name: x
            """;

        var json = YamlToJson.Convert(yaml)!;

        json["single"]!.ToJsonString().Should().Be("""{"cpu":4,"memory":"2Gi","zone":"a"}""");
        json["many"]!.ToJsonString().Should().Be("""{"zone":"b","disk":10,"cpu":1,"memory":"2Gi","name":"x"}""");
    }

    [Fact]
    public void Convert_QuotedMergeKey_IsAnOrdinaryKey()
    {
        YamlToJson.ConvertObject("'<<': {a: 1}\n").Single().Key.Should().Be("<<");
    }

    [Fact]
    public void Convert_MergeOfAScalar_IsRejected()
    {
        var act = () => YamlToJson.Convert("a: &s x\nb:\n  <<: *s\n");

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.InvalidMerge);
    }

    [Fact]
    public void Convert_BillionLaughs_IsRejectedBeforeExpansion()
    {
        var yaml = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            yaml.Append(level).Append(": &").Append(level).Append(" [")
                .AppendJoin(",", Enumerable.Repeat("*" + previous, 9)).Append("]\n");
        }

        var act = () => YamlToJson.Convert(yaml.ToString());

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.AliasExpansionExceeded);
        error.Line.Should().BeInRange(2, 9);
        error.Message.Should().Contain("excessive aliasing");
    }

    [Fact]
    public void Convert_AliasExpansionWithinTheLimit_IsAccepted()
    {
        var options = new YamlToJsonOptions { MaxAliasExpansion = 6 };

        YamlToJson.Convert("a: &a [1, 2]\nb: [*a, *a]\n", options)!["b"]!.AsArray().Should().HaveCount(2);
        var act = () => YamlToJson.Convert("a: &a [1, 2]\nb: [*a, *a, *a]\n", options);
        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.AliasExpansionExceeded);
    }

    [Fact]
    public void Convert_SelfReferencingAnchor_IsRejected()
    {
        var act = () => YamlToJson.Convert("a: &a [1, *a]\n");

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.InvalidAlias);
        error.Message.Should().Contain("contains itself");
    }

    [Fact]
    public void Convert_UnknownAlias_IsRejectedWithPosition()
    {
        var act = () => YamlToJson.Convert("a: 1\nb:\n  c: *missing\n");

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.InvalidAlias);
        (error.Line, error.Column).Should().Be((3L, 6L));
        error.Message.Should().StartWith("yaml: line 3, column 6: unknown anchor 'missing'");
    }

    [Fact]
    public void Convert_NestingAtTheDefaultLimit_IsAcceptedAndParsesBackFromJson()
    {
        var yaml = new string('[', 64) + new string(']', 64);

        var json = YamlToJson.Convert(yaml)!.ToJsonString();

        JsonNode.Parse(json).Should().NotBeNull();
    }

    [Fact]
    public void Convert_NestingBeyondTheLimit_IsRejected()
    {
        var act = () => YamlToJson.Convert(new string('[', 65) + new string(']', 65));

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.DepthExceeded);
    }

    [Fact]
    public void Convert_AliasThatNestsTooDeep_IsRejected()
    {
        var options = new YamlToJsonOptions { MaxDepth = 4 };
        const string yaml = "a: &a [[1]]\nb: [[*a]]\n";

        var act = () => YamlToJson.Convert(yaml, options);

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.DepthExceeded);
        error.Line.Should().Be(2);
    }

    [Fact]
    public void Convert_DuplicateKey_IsRejectedWithPosition()
    {
        var act = () => YamlToJson.Convert("a: 1\nb: 2\na: 3\n");

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.DuplicateKey);
        (error.Line, error.Column).Should().Be((3L, 1L));
    }

    [Fact]
    public void Convert_KeysCollidingAfterConversion_AreDuplicates()
    {
        var act = () => YamlToJson.Convert("1: a\n'1': b\n");

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.DuplicateKey);
    }

    [Theory]
    [InlineData("a: b: c\n", 1, 5)]
    [InlineData("a: 1\nb: [1, 2\n", 3, 1)]
    [InlineData("a:\n  b: 1\n c: 2\n", 3, 2)]
    [InlineData("a: \"unterminated\n", 1, 4)]
    [InlineData("key: value\n\tbad: tab\n", 1, 6)]
    public void Convert_MalformedYaml_ReportsLineAndColumn(string yaml, int line, int column)
    {
        var act = () => YamlToJson.Convert(yaml);

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.Syntax);
        (error.Line, error.Column).Should().Be(((long)line, (long)column));
        error.Message.Should().StartWith($"yaml: line {line}, column {column}: ");
        error.Reason.Should().NotContain("Idx:");
    }

    [Fact]
    public void YamlToJsonException_IsAFormatException()
    {
        var act = () => YamlToJson.Convert("[");

        act.Should().Throw<FormatException>();
    }
}
