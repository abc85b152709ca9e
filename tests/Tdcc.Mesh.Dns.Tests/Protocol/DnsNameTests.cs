using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Tests.Protocol;

public class DnsNameTests
{
    [Fact]
    public void Parse_DottedName_ProducesWireForm()
    {
        DnsName.Parse("ab.c").Wire.ToArray().Should().Equal(2, (byte)'a', (byte)'b', 1, (byte)'c', 0);
    }

    [Fact]
    public void Parse_TrailingDot_SameName()
    {
        DnsName.Parse("web.prod.").Should().Be(DnsName.Parse("web.prod"));
    }

    [Fact]
    public void Equals_DifferentCase_Equal()
    {
        var upper = DnsName.Parse("WEB.Prod.SVC.clusterset.local");
        var lower = DnsName.Parse("web.prod.svc.clusterset.local");

        upper.Should().Be(lower);
        upper.GetHashCode().Should().Be(lower.GetHashCode());
        upper.ToString().Should().Be("WEB.Prod.SVC.clusterset.local.");
    }

    [Theory]
    [InlineData("a..b")]
    [InlineData("a b.c")]
    [InlineData("a\\b.c")]
    public void TryParse_InvalidLabel_False(string text)
    {
        DnsName.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void TryParse_Label64_False()
    {
        DnsName.TryParse(new string('a', 64) + ".local", out _).Should().BeFalse();
    }

    [Fact]
    public void IsSubdomainOf_ZoneAndChild_TrueOtherwiseFalse()
    {
        var zone = DnsName.Parse("clusterset.local");

        DnsName.Parse("a.svc.CLUSTERSET.local").IsSubdomainOf(zone).Should().BeTrue();
        zone.IsSubdomainOf(zone).Should().BeTrue();
        DnsName.Parse("xclusterset.local").IsSubdomainOf(zone).Should().BeFalse();
        DnsName.Parse("cluster.local").IsSubdomainOf(zone).Should().BeFalse();
        DnsName.Parse("local").IsSubdomainOf(zone).Should().BeFalse();
    }

    [Fact]
    public void ToString_OctetsOutsidePrintable_Escaped()
    {
        new DnsName([3, (byte)'a', (byte)'.', 0x07, 0]).ToString().Should().Be("a\\046\\007.");
    }

    [Fact]
    public void Parent_TwoLabels_DropsFirst()
    {
        DnsName.Parse("a.b").Parent().Should().Be(DnsName.Parse("b"));
        DnsName.Root.Parent().Should().Be(DnsName.Root);
    }
}
