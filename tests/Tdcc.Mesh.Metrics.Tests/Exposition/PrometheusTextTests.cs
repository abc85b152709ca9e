using System.Text;
using Tdcc.Mesh.Metrics.Exposition;

namespace Tdcc.Mesh.Metrics.Tests.Exposition;

public sealed class PrometheusTextTests
{
    [Fact]
    public void AppendLabelValue_BackslashQuoteNewline_Escaped()
    {
        var builder = new StringBuilder();
        PrometheusText.AppendLabelValue(builder, "a\\b\"c\nd");
        builder.ToString().Should().Be("a\\\\b\\\"c\\nd");
    }

    [Fact]
    public void AppendHelp_QuoteKept_BackslashAndNewlineEscaped()
    {
        var builder = new StringBuilder();
        PrometheusText.AppendHelp(builder, "say \"hi\"\\\nthere");
        builder.ToString().Should().Be("say \"hi\"\\\\\\nthere");
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(5.0, "5")]
    [InlineData(0.25, "0.25")]
    [InlineData(-1.5, "-1.5")]
    public void FormatDouble_Value_TextForm(double value, string expected) =>
        PrometheusText.FormatDouble(value).Should().Be(expected);
}
