using Tdcc.Mesh.Identity.Authority;

namespace Tdcc.Mesh.Identity.Tests.Authority;

public sealed class SpiffeIdTests
{
    [Fact]
    public void ForGateway_Cluster_ClusterGatewayPath()
    {
        var id = SpiffeId.ForGateway("clusterset.local", "east");

        id.ToString().Should().Be("spiffe://clusterset.local/cluster/east/gateway");
        id.TrustDomain.Should().Be("clusterset.local");
        id.Path.Should().Be("/cluster/east/gateway");
        id.ToUri().AbsoluteUri.Should().Be("spiffe://clusterset.local/cluster/east/gateway");
    }

    [Fact]
    public void ForServiceAccount_NamespaceAndName_NsSaPath()
    {
        SpiffeId.ForServiceAccount("clusterset.local", "demo", "echo").ToString().Should().Be("spiffe://clusterset.local/ns/demo/sa/echo");
    }

    [Fact]
    public void Parse_RoundTrip_EqualIds()
    {
        var id = SpiffeId.ForServiceAccount("clusterset.local", "demo", "echo");

        SpiffeId.Parse(id.ToString()).Should().Be(id);
    }

    [Theory]
    [InlineData("spiffe://clusterset.local")]
    [InlineData("spiffe://clusterset.local/")]
    [InlineData("spiffe://clusterset.local/a//b")]
    [InlineData("spiffe://clusterset.local/a/../b")]
    [InlineData("spiffe://clusterset.local/a?b=c")]
    [InlineData("spiffe://clusterset.local:443/a")]
    [InlineData("spiffe://ClusterSet.local/a")]
    [InlineData("https://clusterset.local/a")]
    [InlineData("spiffe:///a")]
    public void TryParse_Invalid_False(string value)
    {
        SpiffeId.TryParse(value, out _).Should().BeFalse();
        FluentActions.Invoking(() => SpiffeId.Parse(value)).Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("Upper.case")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Create_InvalidTrustDomain_Throws(string trustDomain)
    {
        FluentActions.Invoking(() => SpiffeId.ForGateway(trustDomain, "east")).Should().Throw<ArgumentException>().WithMessage("*trust domain*");
    }
}
