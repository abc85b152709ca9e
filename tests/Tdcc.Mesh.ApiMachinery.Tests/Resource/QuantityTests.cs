using Tdcc.Mesh.ApiMachinery.Resource;

namespace Tdcc.Mesh.ApiMachinery.Tests.Resource;

// Expected values are kube's (resource.ParseQuantity / Quantity.String behaviour).
public sealed class QuantityTests
{
    [Theory]
    [InlineData("0", "0", QuantityFormat.DecimalSI)]
    [InlineData("0Ki", "0", QuantityFormat.BinarySI)]
    [InlineData("0m", "0", QuantityFormat.DecimalSI)]
    [InlineData("1", "1", QuantityFormat.DecimalSI)]
    [InlineData("1Ki", "1Ki", QuantityFormat.BinarySI)]
    [InlineData("8Ki", "8Ki", QuantityFormat.BinarySI)]
    [InlineData("7Mi", "7Mi", QuantityFormat.BinarySI)]
    [InlineData("6Gi", "6Gi", QuantityFormat.BinarySI)]
    [InlineData("5Ti", "5Ti", QuantityFormat.BinarySI)]
    [InlineData("4Pi", "4Pi", QuantityFormat.BinarySI)]
    [InlineData("3Ei", "3Ei", QuantityFormat.BinarySI)]
    [InlineData("100Ti", "100Ti", QuantityFormat.BinarySI)]
    [InlineData("5n", "5n", QuantityFormat.DecimalSI)]
    [InlineData("4u", "4u", QuantityFormat.DecimalSI)]
    [InlineData("3m", "3m", QuantityFormat.DecimalSI)]
    [InlineData("8k", "8k", QuantityFormat.DecimalSI)]
    [InlineData("50k", "50k", QuantityFormat.DecimalSI)]
    [InlineData("7M", "7M", QuantityFormat.DecimalSI)]
    [InlineData("6G", "6G", QuantityFormat.DecimalSI)]
    [InlineData("300T", "300T", QuantityFormat.DecimalSI)]
    [InlineData("2P", "2P", QuantityFormat.DecimalSI)]
    [InlineData("1E", "1E", QuantityFormat.DecimalSI)]
    [InlineData("12E", "12E", QuantityFormat.DecimalSI)]
    [InlineData("1E-3", "1e-3", QuantityFormat.DecimalExponent)]
    [InlineData("1e3", "1e3", QuantityFormat.DecimalExponent)]
    [InlineData("1E6", "1e6", QuantityFormat.DecimalExponent)]
    [InlineData("1e13", "10e12", QuantityFormat.DecimalExponent)]
    [InlineData("1e14", "100e12", QuantityFormat.DecimalExponent)]
    [InlineData("1.3E+6", "1300e3", QuantityFormat.DecimalExponent)]
    [InlineData("1.2e3", "1200", QuantityFormat.DecimalExponent)]
    [InlineData("0.5e0", "500e-3", QuantityFormat.DecimalExponent)]
    [InlineData("0.5e-2", "5e-3", QuantityFormat.DecimalExponent)]
    [InlineData("100.035k", "100035", QuantityFormat.DecimalSI)]
    [InlineData("10.035M", "10035k", QuantityFormat.DecimalSI)]
    [InlineData("0.001", "1m", QuantityFormat.DecimalSI)]
    [InlineData("0.0005k", "500m", QuantityFormat.DecimalSI)]
    [InlineData("0.00500", "5m", QuantityFormat.DecimalSI)]
    [InlineData("9.01", "9010m", QuantityFormat.DecimalSI)]
    [InlineData("8.1k", "8100", QuantityFormat.DecimalSI)]
    [InlineData("6.987654321G", "6987654321", QuantityFormat.DecimalSI)]
    [InlineData("5.444T", "5444G", QuantityFormat.DecimalSI)]
    [InlineData("1.01E", "1010P", QuantityFormat.DecimalSI)]
    [InlineData("100.035Ki", "102435840m", QuantityFormat.BinarySI)]
    [InlineData("0.5Mi", "512Ki", QuantityFormat.BinarySI)]
    [InlineData("0.05Gi", "53687091200m", QuantityFormat.BinarySI)]
    [InlineData(".001", "1m", QuantityFormat.DecimalSI)]
    [InlineData(".0001k", "100m", QuantityFormat.DecimalSI)]
    [InlineData("1.", "1", QuantityFormat.DecimalSI)]
    [InlineData("1.G", "1G", QuantityFormat.DecimalSI)]
    [InlineData("+1Ki", "1Ki", QuantityFormat.BinarySI)]
    [InlineData("-1.025Ti", "-1126999418470400m", QuantityFormat.BinarySI)]
    [InlineData("-1.5Ti", "-1536Gi", QuantityFormat.BinarySI)]
    public void Parse_KubeExamples_CanonicalTextAndFormat(string text, string canonical, QuantityFormat format)
    {
        var quantity = Quantity.Parse(text);

        quantity.ToString().Should().Be(canonical);
        quantity.Format.Should().Be(format);
        Quantity.Parse(canonical).Should().Be(quantity, "the canonical text parses back to the same value");
    }

    [Theory]
    [InlineData("3.001n", "4n")]
    [InlineData("1.1E-9", "2e-9")]
    [InlineData("0.0000000001", "1n")]
    [InlineData("0.5e-9", "1e-9")]
    [InlineData("0.00000012345", "124n")]
    [InlineData("-0.00000012345", "-124n")]
    [InlineData("0.000000000001Ki", "2n")]
    [InlineData("9Ei", "9223372036854775807")]
    [InlineData("9223372036854775807Ki", "9223372036854775807")]
    public void Parse_BelowNanoOrAboveBinaryMaximum_RoundsUpOrSaturatesAsKube(string text, string canonical) =>
        Quantity.Parse(text).ToString().Should().Be(canonical);

    [Fact]
    public void Parse_FractionOfBinaryBelowOne_BecomesDecimal() =>
        Quantity.Parse("0.000000000001Ki").Format.Should().Be(QuantityFormat.DecimalSI);

    [Theory]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("307200Ki", "300Mi")]
    [InlineData("1025024Mi", "1001Gi")]
    [InlineData("1024Gi", "1Ti")]
    [InlineData("5000m", "5")]
    [InlineData("1000M", "1G")]
    [InlineData("0.001T", "1G")]
    [InlineData("1000u", "1m")]
    [InlineData("1.08", "1080m")]
    [InlineData("1080000000n", "1080m")]
    [InlineData("1000E", "1e21")]
    [InlineData("5000E", "5e21")]
    [InlineData("1000000E", "1e24")]
    [InlineData(".001e12", "1e9")]
    [InlineData("0.001e0", "1e-3")]
    [InlineData("1000e-12", "1e-9")]
    [InlineData("00", "0")]
    [InlineData(".001Ki", "1024m")]
    [InlineData(".000001Ki", "1024u")]
    [InlineData(".000000001Ki", "1024n")]
    [InlineData("-1024Mi", "-1Gi")]
    [InlineData("-9.01", "-9010m")]
    [InlineData("1025Ki", "1025Ki")]
    public void ToString_AlternateSpelling_KubeCanonicalForm(string text, string canonical) =>
        Quantity.Parse(text).ToString().Should().Be(canonical);

    [Theory]
    [InlineData("", QuantityParseError.FormatWrong)]
    [InlineData("1.1.M", QuantityParseError.FormatWrong)]
    [InlineData("1+1.0M", QuantityParseError.FormatWrong)]
    [InlineData("0.1am", QuantityParseError.FormatWrong)]
    [InlineData("aoeu", QuantityParseError.FormatWrong)]
    [InlineData(" 1", QuantityParseError.FormatWrong)]
    [InlineData("1 ", QuantityParseError.FormatWrong)]
    [InlineData("0.1mi", QuantityParseError.Suffix)]
    [InlineData(".5i", QuantityParseError.Suffix)]
    [InlineData("1i", QuantityParseError.Suffix)]
    [InlineData("-3.01i", QuantityParseError.Suffix)]
    [InlineData("-3.01e-", QuantityParseError.Suffix)]
    [InlineData("1K", QuantityParseError.Suffix)]
    [InlineData("1e4294967297", QuantityParseError.Suffix)]
    [InlineData("1e2147483647", QuantityParseError.Numeric)]
    public void TryParse_InvalidText_FailsWithKubeReason(string text, QuantityParseError expected)
    {
        Quantity.TryParse(text, out _, out var error).Should().BeFalse();
        error.Should().Be(expected);
        var parse = () => Quantity.Parse(text);
        parse.Should().Throw<FormatException>().WithMessage(Quantity.Message(expected));
    }

    [Fact]
    public void Message_FormatWrong_IsKubeText() =>
        Quantity.Message(QuantityParseError.FormatWrong).Should().Be("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");

    [Fact]
    public void Equals_SameValueDifferentFormat_Equal()
    {
        Quantity.Parse("1Gi").Should().Be(Quantity.Parse("1073741824"));
        Quantity.Parse("1Gi").GetHashCode().Should().Be(Quantity.Parse("1073741824").GetHashCode());
        (Quantity.Parse("1") == Quantity.Parse("1000m")).Should().BeTrue();
    }

    [Theory]
    [InlineData("0", "0", 0)]
    [InlineData("100m", "50m", 1)]
    [InlineData("50m", "100m", -1)]
    [InlineData("10000T", "100Gi", 1)]
    public void CompareTo_KubeCmpExamples_Ordered(string left, string right, int expected) =>
        Math.Sign(Quantity.Parse(left).CompareTo(Quantity.Parse(right))).Should().Be(expected);

    [Theory]
    [InlineData("100m")]
    [InlineData("1Gi")]
    public void Add_ZeroEitherSide_KeepsTheSuffix(string text)
    {
        var value = Quantity.Parse(text);
        (value + Quantity.Zero).ToString().Should().Be(text);
        (Quantity.Zero + value).ToString().Should().Be(text);
        (Quantity.Zero - value).ToString().Should().Be("-" + text);
    }

    [Fact]
    public void Add_MixedFormats_KeepsTheLeftFormat()
    {
        (Quantity.Parse("1Gi") + Quantity.Parse("512Mi")).ToString().Should().Be("1536Mi");
        (Quantity.Parse("3500m") + Quantity.Parse("2")).ToString().Should().Be("5500m");
        (Quantity.Parse("1G") + Quantity.Parse("1Gi")).ToString().Should().Be("2073741824");
    }

    [Fact]
    public void Sum_PastEi_PrintsExactDecimalInsteadOfDroppingTheMagnitude()
    {
        var total = Quantity.Sum(Enumerable.Repeat(Quantity.Parse("1Ei"), 1024));

        total.ToString().Should().Be("1180591620717411303424");
        Quantity.Parse(total.ToString()).Should().Be(total);
    }

    [Theory]
    [InlineData("9.01", 10, 9010)]
    [InlineData("-9.01", -10, -9010)]
    [InlineData("0.25", 1, 250)]
    [InlineData("500m", 1, 500)]
    [InlineData("1n", 1, 1)]
    [InlineData("128Mi", 134217728, 134217728000)]
    [InlineData("1G", 1000000000, 1000000000000)]
    public void ValueAndMilliValue_RoundAwayFromZero(string text, long value, long milli)
    {
        var quantity = Quantity.Parse(text);
        quantity.Value().Should().Be(value);
        quantity.MilliValue().Should().Be(milli);
    }

    [Fact]
    public void Value_BeyondLong_Clamps() => Quantity.Parse("1e30").Value().Should().Be(long.MaxValue);

    [Fact]
    public void FromInt64AndFromMilli_Format() =>
        (Quantity.FromInt64(1024, QuantityFormat.BinarySI).ToString(), Quantity.FromMilli(1500).ToString()).Should().Be(("1Ki", "1500m"));
}
