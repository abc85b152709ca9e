using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Tests.Protocol;

public sealed class GrpcTimeoutTests
{
    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("3S", 30_000_000L)]
    [InlineData("250m", 2_500_000L)]
    [InlineData("7u", 70L)]
    [InlineData("150n", 2L)]
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void TryParse_EachUnit_ParsesTicks(string value, long ticks)
    {
        GrpcTimeout.TryParse(value, out var timeout).Should().BeTrue();
        timeout.Ticks.Should().Be(ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("-1S")]
    [InlineData("123456789S")]
    [InlineData("1.5S")]
    public void TryParse_Malformed_ReturnsFalse(string value) =>
        GrpcTimeout.TryParse(value, out _).Should().BeFalse();

    [Fact]
    public void Format_Milliseconds_UsesFinestUnitThatFits() =>
        GrpcTimeout.Format(TimeSpan.FromMilliseconds(250)).Should().Be("250000u");

    [Fact]
    public void Format_Hours_RoundTrips()
    {
        GrpcTimeout.TryParse(GrpcTimeout.Format(TimeSpan.FromHours(5)), out var timeout).Should().BeTrue();
        timeout.Should().Be(TimeSpan.FromHours(5));
    }

    [Fact]
    public void Format_ZeroOrNegative_OneNanosecond() =>
        GrpcTimeout.Format(TimeSpan.FromSeconds(-1)).Should().Be("1n");
}
