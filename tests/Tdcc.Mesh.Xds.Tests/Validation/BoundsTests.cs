using System.Globalization;
using Tdcc.Mesh.Xds.Validation;

namespace Tdcc.Mesh.Xds.Tests.Validation;

/// <summary>protoc-gen-validate's range semantics, including the exclusive ranges a lower bound above the upper one makes.</summary>
public sealed class BoundsTests
{
    [Theory]
    // gt < lt: inside (gt, lt)
    [InlineData(0, null, 10, null, 5, null)]
    [InlineData(0, null, 10, null, 10, "value must be inside range (0, 10)")]
    // gte < lt: inside [gte, lt)
    [InlineData(null, 0, 10, null, 0, null)]
    [InlineData(null, 0, 10, null, -1, "value must be inside range [0, 10)")]
    // gt < lte: inside (gt, lte]
    [InlineData(0, null, null, 10, 10, null)]
    [InlineData(0, null, null, 10, 11, "value must be inside range (0, 10]")]
    // gte < lte: inside [gte, lte]
    [InlineData(null, 0, null, 10, 11, "value must be inside range [0, 10]")]
    // lt <= gt: outside [lt, gt]
    [InlineData(10, null, 0, null, -1, null)]
    [InlineData(10, null, 0, null, 11, null)]
    [InlineData(10, null, 0, null, 0, "value must be outside range [0, 10]")]
    [InlineData(10, null, 0, null, 10, "value must be outside range [0, 10]")]
    // lt <= gte: outside [lt, gte)
    [InlineData(null, 10, 0, null, 10, null)]
    [InlineData(null, 10, 0, null, 9, "value must be outside range [0, 10)")]
    // lte <= gt: outside (lte, gt]
    [InlineData(10, null, null, 0, 0, null)]
    [InlineData(10, null, null, 0, 10, "value must be outside range (0, 10]")]
    // lte <= gte: outside (lte, gte)
    [InlineData(null, 10, null, 0, 0, null)]
    [InlineData(null, 10, null, 0, 10, null)]
    [InlineData(null, 10, null, 0, 5, "value must be outside range (0, 10)")]
    // one bound
    [InlineData(5, null, null, null, 5, "value must be greater than 5")]
    [InlineData(null, 5, null, null, 4, "value must be greater than or equal to 5")]
    [InlineData(null, null, 5, null, 5, "value must be less than 5")]
    [InlineData(null, null, null, 5, 6, "value must be less than or equal to 5")]
    public void Check_Bounds_PgvSemantics(int? gt, int? gte, int? lt, int? lte, int value, string? message)
    {
        var bounds = Bounds<int>.Create("int32", lt, lte, gt, gte, number => number.ToString(CultureInfo.InvariantCulture))!;
        var context = new ValidationContext(new ProtoConstraintValidator());

        bounds.Check(value, context);

        if (message is null)
        {
            context.Violations.Should().BeEmpty();
        }
        else
        {
            context.Violations.Should().ContainSingle().Which.Message.Should().Be(message);
        }
    }

    [Fact]
    public void Check_LtAndLte_OnlyLtCounts()
    {
        var bounds = Bounds<int>.Create("int32", lt: 5, lte: 100, gt: null, gte: null, number => number.ToString(CultureInfo.InvariantCulture))!;
        var context = new ValidationContext(new ProtoConstraintValidator());

        bounds.Check(50, context);

        context.Violations.Should().ContainSingle().Which.Rule.Should().Be("int32.lt");
    }
}
