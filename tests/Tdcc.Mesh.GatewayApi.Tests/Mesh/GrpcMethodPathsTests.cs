using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.GatewayApi.Mesh;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Tests.Mesh;

public sealed class GrpcMethodPathsTests
{
    [Theory]
    [InlineData(null, "tdcc.echo.v1.Echo", "Echo", PathMatchKind.Exact, "/tdcc.echo.v1.Echo/Echo")]
    [InlineData("Exact", "tdcc.echo.v1.Echo", null, PathMatchKind.Prefix, "/tdcc.echo.v1.Echo/")]
    [InlineData("Exact", null, "Echo", PathMatchKind.RegularExpression, "/[^/]+/Echo")]
    [InlineData("RegularExpression", "tdcc\\.echo\\.v[0-9]+\\.Echo", "Ec.*", PathMatchKind.RegularExpression, "/(?:tdcc\\.echo\\.v[0-9]+\\.Echo)/(?:Ec.*)")]
    [InlineData("RegularExpression", null, "Get.*", PathMatchKind.RegularExpression, "/[^/]+/(?:Get.*)")]
    [InlineData("RegularExpression", "a\\.B", null, PathMatchKind.RegularExpression, "/(?:a\\.B)/[^/]+")]
    public void For_MethodMatch_BecomesPathCondition(string? type, string? service, string? method, PathMatchKind kind, string value)
    {
        GrpcMethodPaths.For(new GrpcMethodMatch { Type = type, Service = service, Method = method }).Should().Be(new PathMatchModel(kind, value));
    }

    [Fact]
    public void For_NeitherServiceNorMethod_MatchesEveryMethod()
    {
        GrpcMethodPaths.For(null).Should().BeNull();
        GrpcMethodPaths.For(new GrpcMethodMatch { Type = "Exact" }).Should().BeNull();
    }

    [Fact]
    public void Escape_Metacharacters_AreEscapedForRe2()
    {
        Re2Patterns.Escape("a.b+c(d)").Should().Be("a\\.b\\+c\\(d\\)");
    }

    [Theory]
    [InlineData("v[0-9]+", null)]
    [InlineData("(?=x)", "'(?=' is not supported by RE2")]
    [InlineData("(a)\\1", "backreferences are not supported by RE2")]
    public void Problem_Patterns_ReportWhatRe2CannotRun(string pattern, string? problem)
    {
        Re2Patterns.Problem(pattern).Should().Be(problem);
    }

    [Fact]
    public void Problem_UnbalancedParenthesis_IsNotAValidExpression()
    {
        Re2Patterns.Problem("(abc").Should().StartWith("not a valid regular expression");
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0s", 0)]
    public void Parse_GatewayDurations_AreRead(string text, long milliseconds)
    {
        GatewayDuration.Parse(text).Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("1.5s")]
    [InlineData("123456s")]
    public void Parse_NotADuration_IsNull(string text)
    {
        GatewayDuration.Parse(text).Should().BeNull();
    }
}
