using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

public sealed class WellKnownStringsTests
{
    [Theory]
    [InlineData("x-request-id", true)]
    [InlineData(":path", true)]
    [InlineData("a,b", true)] // the RE2 class "+-." is a range that includes ','
    [InlineData("x_y~z|`^'*#$%&!", true)]
    [InlineData("", false)]
    [InlineData(":", false)]
    [InlineData("x y", false)]
    [InlineData("x/y", false)]
    [InlineData("é", false)]
    public void IsHeaderName_Strict(string value, bool expected) => WellKnownStrings.IsHeaderName(value).Should().Be(expected);

    [Theory]
    [InlineData("text/plain; q=0.9", true)]
    [InlineData("a\tb", true)]
    [InlineData("", true)]
    [InlineData("é", true)]
    [InlineData("a\u0001", false)]
    [InlineData("a\nb", false)]
    [InlineData("a\u007F", false)]
    public void IsHeaderValue_Strict(string value, bool expected) => WellKnownStrings.IsHeaderValue(value).Should().Be(expected);

    [Theory]
    [InlineData("anything goes\u0001", true)]
    [InlineData("a\rb", false)]
    [InlineData("a\0", false)]
    public void IsLooseHeader(string value, bool expected) => WellKnownStrings.IsLooseHeader(value).Should().Be(expected);

    [Theory]
    [InlineData("echo.demo.svc.clusterset.local", true)]
    [InlineData("echo.demo.", true)]
    [InlineData("localhost", true)]
    [InlineData("", false)]
    [InlineData("a..b", false)]
    [InlineData("a-.b", false)]
    [InlineData("a_b", false)]
    public void IsHostname(string value, bool expected) => WellKnownStrings.IsHostname(value).Should().Be(expected);

    [Fact]
    public void IsHostname_LabelAndNameLength()
    {
        WellKnownStrings.IsHostname(new string('a', 63)).Should().BeTrue();
        WellKnownStrings.IsHostname(new string('a', 64)).Should().BeFalse();
        WellKnownStrings.IsHostname(string.Join('.', Enumerable.Repeat(new string('a', 62), 5))).Should().BeFalse();
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("255.255.255.255", true)]
    [InlineData("10.0.0.01", false)]
    [InlineData("10.0.0", false)]
    [InlineData("10.0.0.256", false)]
    [InlineData("1", false)]
    public void IsIpv4_AsInetPton(string value, bool expected) => WellKnownStrings.IsIpv4(value).Should().Be(expected);

    [Theory]
    [InlineData("::1", true)]
    [InlineData("fd00::10:1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("[::1]", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("10.0.0.1", false)]
    public void IsIpv6_NoBracketsNoZone(string value, bool expected) => WellKnownStrings.IsIpv6(value).Should().Be(expected);

    [Theory]
    [InlineData("ops@example.com", true)]
    [InlineData("ops@localhost", true)]
    [InlineData("ops@[10.0.0.1]", false)]
    [InlineData("not an address", false)]
    public void IsEmail(string value, bool expected) => WellKnownStrings.IsEmail(value).Should().Be(expected);

    [Fact]
    public void IsEmail_LocalPartOver64Bytes_Rejected() =>
        WellKnownStrings.IsEmail(new string('a', 65) + "@example.com").Should().BeFalse();

    [Theory]
    [InlineData("https://example.com", true)]
    [InlineData("urn:isbn:0451450523", true)]
    [InlineData("/etc/passwd", false)]
    [InlineData("example.com/x", false)]
    public void IsUri_NeedsScheme(string value, bool expected) => WellKnownStrings.IsUri(value).Should().Be(expected);
}
