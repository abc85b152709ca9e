using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

public sealed class ProtoTimeTests
{
    [Theory]
    [InlineData(0, "0s")]
    [InlineData(1, "1ns")]
    [InlineData(1_500, "1.5µs")]
    [InlineData(1_000_000, "1ms")]
    [InlineData(250_000_000, "250ms")]
    [InlineData(1_500_000_000, "1.5s")]
    [InlineData(90_000_000_000, "1m30s")]
    [InlineData(3_600_000_000_000, "1h0m0s")]
    [InlineData(-2_000_000_000, "-2s")]
    public void FormatDuration_GoStyle(long nanos, string expected) =>
        ProtoTime.FormatDuration(nanos).Should().Be(expected);

    [Fact]
    public void FormatDuration_BeyondInt64Nanoseconds_Exact() =>
        ProtoTime.FormatDuration((Int128)315_576_000_000 * 1_000_000_000).Should().Be("87660000h0m0s");

    [Theory]
    [InlineData(0, "1970-01-01T00:00:00Z")]
    [InlineData(1_500_000_000, "1970-01-01T00:00:01.5Z")]
    [InlineData(-1, "1969-12-31T23:59:59.999999999Z")]
    public void FormatTimestamp_Rfc3339(long nanos, string expected) =>
        ProtoTime.FormatTimestamp(nanos).Should().Be(expected);
}
