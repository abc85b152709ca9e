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
    public void Member_BeyondTheLoopbackNetwork_Throws()
    {
        var act = () => AddressPlan.Member(AddressPlan.MaxMembers);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void MemberName_Index_EastWestEdgeThenNumbered()
    {
        Enumerable.Range(0, 5).Select(SandboxOptions.MemberName).Should().Equal("east", "west", "edge", "member-4", "member-5");
    }
}
