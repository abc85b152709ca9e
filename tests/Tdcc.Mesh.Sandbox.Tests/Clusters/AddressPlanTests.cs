using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Clusters;

public sealed class AddressPlanTests
{
    [Theory]
    [InlineData(0, "127.10.0.0/17", "127.10.128.0/17", "127.10.0.2")]
    [InlineData(2, "127.12.0.0/17", "127.12.128.0/17", "127.12.0.2")]
    public void Member_Index_OwnsItsSlashSixteen(int index, string pods, string services, string node2)
    {
        var plan = AddressPlan.Member(index);

        plan.PodCidr.Should().Be(pods);
        plan.ServiceCidr.Should().Be(services);
        plan.NodeAddress(2).Should().Be(node2);
    }

    [Fact]
    public void Hub_HasNoPods()
    {
        AddressPlan.Hub.PodCidr.Should().BeNull();
        AddressPlan.Hub.ServiceCidr.Should().Be("127.9.128.0/17");
    }

    [Fact]
    public void Member_BeyondTheSlashSixteenPlan_Throws()
    {
        var act = () => AddressPlan.Member(AddressPlan.MaxLoopbackMembers);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0, "127.10.0.0/21", "127.10.8.0/21", "127.10.0.2", "127.10.15.53")]
    [InlineData(17, "127.11.16.0/21", "127.11.24.0/21", "127.11.16.2", "127.11.31.53")]
    [InlineData(999, "127.72.112.0/21", "127.72.120.0/21", "127.72.112.2", "127.72.127.53")]
    public void Member_Compact_OwnsASlashTwenty(int index, string pods, string services, string node2, string dns)
    {
        var plan = AddressPlan.Member(index, compact: true);

        plan.PodCidr.Should().Be(pods);
        plan.ServiceCidr.Should().Be(services);
        plan.NodeAddress(2).Should().Be(node2);
        plan.DnsAddress.ToString().Should().Be(dns);
    }

    [Fact]
    public void Member_CompactBlocks_NeverOverlap()
    {
        var blocks = Enumerable.Range(0, AddressPlan.MaxMembers).Select(i => AddressPlan.Member(i, compact: true).BlockCidr).ToList();

        blocks.Should().OnlyHaveUniqueItems();
        AddressPlan.Member(AddressPlan.MaxMembers - 1, compact: true).BlockCidr.Should().Be("127.255.240.0/20");
    }

    [Fact]
    public void Namespaced_Member_OwnsASlashTwentyOfTheSharedSpace()
    {
        var plan = AddressPlan.Namespaced(2, 0, System.Net.IPAddress.Parse("100.64.0.12"));

        plan.BlockCidr.Should().Be("100.65.32.0/20");
        plan.PodCidr.Should().Be("100.65.32.0/21");
        plan.ServiceCidr.Should().Be("100.65.40.0/21");
        plan.DnsAddress.ToString().Should().Be("100.64.0.12");
        AddressPlan.Namespaced(AddressPlan.MaxNamespacedMembers - 1, 0, System.Net.IPAddress.Loopback).BlockCidr.Should().Be("100.127.240.0/20");
    }

    [Fact]
    public void Member_SlashSixteen_DnsAtDotTwoFiftyFiveDotFiftyThree()
    {
        AddressPlan.Member(1).DnsAddress.ToString().Should().Be("127.11.255.53");
    }

    [Fact]
    public void MemberName_Index_EastWestEdgeThenNumbered()
    {
        Enumerable.Range(0, 5).Select(SandboxOptions.MemberName).Should().Equal("east", "west", "edge", "member-4", "member-5");
    }
}
