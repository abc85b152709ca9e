using Tdcc.Mesh.Sandbox.Controllers;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

public sealed class QuantitiesTests
{
    [Theory]
    [InlineData("500m", 500)]
    [InlineData("2", 2000)]
    [InlineData("0.25", 250)]
    [InlineData(null, 0)]
    public void MilliCpu_Quantity_Millicores(string? value, long expected) => Quantities.MilliCpu(value).Should().Be(expected);

    [Theory]
    [InlineData("128Mi", 134217728)]
    [InlineData("1G", 1000000000)]
    [InlineData("8Gi", 8589934592)]
    [InlineData("1000", 1000)]
    public void Bytes_Quantity_Bytes(string value, long expected) => Quantities.Bytes(value).Should().Be(expected);
}
