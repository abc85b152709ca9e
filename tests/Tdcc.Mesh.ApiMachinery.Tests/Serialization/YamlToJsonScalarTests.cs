using Tdcc.Mesh.ApiMachinery.Serialization;

namespace Tdcc.Mesh.ApiMachinery.Tests.Serialization;

public sealed class YamlToJsonScalarTests
{
    private static string Json(string yaml) => YamlToJson.Convert(yaml)?.ToJsonString() ?? "null";

    [Theory]
    [InlineData("~")]
    [InlineData("null")]
    [InlineData("Null")]
    [InlineData("NULL")]
    [InlineData("")]
    public void Convert_PlainNull_IsNull(string plain) => Json("v: " + plain).Should().Be("{\"v\":null}");

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("TRUE", true)]
    [InlineData("yes", true)]
    [InlineData("Yes", true)]
    [InlineData("YES", true)]
    [InlineData("y", true)]
    [InlineData("Y", true)]
    [InlineData("on", true)]
    [InlineData("ON", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("FALSE", false)]
    [InlineData("no", false)]
    [InlineData("No", false)]
    [InlineData("n", false)]
    [InlineData("off", false)]
    [InlineData("Off", false)]
    public void Convert_PlainYaml11Bool_IsBoolean(string plain, bool expected) =>
        Json("v: " + plain).Should().Be(expected ? "{\"v\":true}" : "{\"v\":false}");

    [Theory]
    [InlineData("tRUE")]
    [InlineData("yES")]
    [InlineData("nULL")]
    [InlineData("none")]
    [InlineData("enabled")]
    public void Convert_PlainAlmostKeyword_IsString(string plain) => Json("v: " + plain).Should().Be($"{{\"v\":\"{plain}\"}}");

    [Theory]
    [InlineData("0", "0")]
    [InlineData("42", "42")]
    [InlineData("-17", "-17")]
    [InlineData("+17", "17")]
    [InlineData("0x1F", "31")]
    [InlineData("0o17", "15")]
    [InlineData("017", "15")]
    [InlineData("0b101", "5")]
    [InlineData("-0b101", "-5")]
    [InlineData("1_000_000", "1000000")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("-9223372036854775808", "-9223372036854775808")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    [InlineData("18446744073709551615", "18446744073709551615")]
    public void Convert_PlainInteger_IsExactNumber(string plain, string json) => Json("v: " + plain).Should().Be($"{{\"v\":{json}}}");

    [Theory]
    [InlineData("1.5", "1.5")]
    [InlineData("1.0", "1")]
    [InlineData("-0.25", "-0.25")]
    [InlineData(".5", "0.5")]
    [InlineData("1.", "1")]
    [InlineData("1e3", "1000")]
    [InlineData("1E-7", "1e-7")]
    [InlineData("1e21", "1e+21")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("3.14159", "3.14159")]
    [InlineData("08", "8")]
    [InlineData("18446744073709551616", "18446744073709552000")]
    public void Convert_PlainFloat_IsWrittenAsGoJsonWritesIt(string plain, string json) => Json("v: " + plain).Should().Be($"{{\"v\":{json}}}");

    [Theory]
    [InlineData("1e400")]
    [InlineData("1.2.3")]
    [InlineData("0x")]
    [InlineData("1_0.5e")]
    [InlineData("2001-12-14")]
    [InlineData("2001-12-14T21:59:43.10Z")]
    [InlineData("12:30")]
    [InlineData("1Gi")]
    [InlineData("100m")]
    [InlineData("v1.2")]
    public void Convert_PlainNotANumber_IsString(string plain) => Json("v: " + plain).Should().Be($"{{\"v\":\"{plain}\"}}");

    [Theory]
    [InlineData(".inf")]
    [InlineData("-.Inf")]
    [InlineData("+.INF")]
    [InlineData(".nan")]
    [InlineData(".NaN")]
    public void Convert_InfinityOrNaN_IsRejectedAsJsonCannotHoldIt(string plain)
    {
        var act = () => YamlToJson.Convert("v: " + plain);

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.UnsupportedValue);
    }

    [Theory]
    [InlineData("'true'")]
    [InlineData("\"yes\"")]
    [InlineData("'123'")]
    [InlineData("\"1.5\"")]
    [InlineData("'null'")]
    [InlineData("\"~\"")]
    [InlineData("''")]
    [InlineData("!!str 42")]
    [InlineData("! on")]
    public void Convert_QuotedOrStrTagged_IsString(string scalar)
    {
        var node = YamlToJson.Convert("v: " + scalar)!["v"]!;

        node.GetValueKind().Should().Be(System.Text.Json.JsonValueKind.String);
    }

    [Fact]
    public void Convert_BlockScalars_AreStrings()
    {
        Json("a: |\n  true\nb: >\n  42\n  43\n").Should().Be("{\"a\":\"true\\n\",\"b\":\"42 43\\n\"}");
    }

    [Theory]
    [InlineData("!!int \"42\"", "42")]
    [InlineData("!!float 1", "1")]
    [InlineData("!!bool 'yes'", "true")]
    [InlineData("!!null ''", "null")]
    [InlineData("!!binary aGVsbG8=", "\"hello\"")]
    [InlineData("!custom 42", "\"42\"")]
    public void Convert_ExplicitTag_ResolvesAsTagged(string scalar, string json) => Json("v: " + scalar).Should().Be($"{{\"v\":{json}}}");

    [Fact]
    public void Convert_ScalarNotMatchingItsTag_IsRejectedWithPosition()
    {
        var act = () => YamlToJson.Convert("a: 1\nv: !!int abc\n");

        var error = act.Should().Throw<YamlToJsonException>().Which;
        error.Kind.Should().Be(YamlToJsonErrorKind.UnsupportedValue);
        error.Line.Should().Be(2);
        error.Message.Should().Contain("!!int");
    }

    [Theory]
    [InlineData("1: a", "1")]
    [InlineData("0x10: a", "16")]
    [InlineData("1.5: a", "1.5")]
    [InlineData("1.0: a", "1")]
    [InlineData("1e7: a", "1e+07")]
    [InlineData("0.1: a", "0.1")]
    [InlineData(".inf: a", ".inf")]
    [InlineData("yes: a", "true")]
    [InlineData("off: a", "false")]
    [InlineData("'yes': a", "yes")]
    [InlineData("\"1.50\": a", "1.50")]
    public void Convert_NonStringKey_BecomesAString(string yaml, string key) =>
        YamlToJson.ConvertObject(yaml).Single().Key.Should().Be(key);

    [Theory]
    [InlineData("~: a")]
    [InlineData("null: a")]
    [InlineData("? [a, b]\n: c")]
    [InlineData("? {a: b}\n: c")]
    public void Convert_NullOrCollectionKey_IsRejected(string yaml)
    {
        var act = () => YamlToJson.Convert(yaml);

        act.Should().Throw<YamlToJsonException>().Which.Kind.Should().Be(YamlToJsonErrorKind.UnsupportedKey);
    }
}
