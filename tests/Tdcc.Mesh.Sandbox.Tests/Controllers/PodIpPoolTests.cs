using System.Net;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Controllers;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

public sealed class PodIpPoolTests
{
    [Fact]
    public void Allocate_NewPods_SequentialFromFirstPodSubnet()
    {
        var pool = new PodIpPool(AddressPlan.Member(0));

        pool.Allocate("a").Should().Be(IPAddress.Parse("127.10.1.1"));
        pool.Allocate("b").Should().Be(IPAddress.Parse("127.10.1.2"));
        pool.Allocate("a").Should().Be(IPAddress.Parse("127.10.1.1"));
    }

    [Fact]
    public void Reserve_AddressHeldByAnotherPod_Refused()
    {
        var pool = new PodIpPool(AddressPlan.Member(0));
        pool.Reserve("a", IPAddress.Parse("127.10.1.1")).Should().BeTrue();

        pool.Reserve("b", IPAddress.Parse("127.10.1.1")).Should().BeFalse();
        pool.Reserve("c", IPAddress.Parse("127.11.1.1")).Should().BeFalse();
        pool.Allocate("d").Should().Be(IPAddress.Parse("127.10.1.2"));
    }

    [Fact]
    public void Release_Pod_AddressReusableLater()
    {
        var pool = new PodIpPool(AddressPlan.Member(0));
        pool.Allocate("a");
        pool.Release("a");

        pool.Count.Should().Be(0);
        pool.Reserve("b", IPAddress.Parse("127.10.1.1")).Should().BeTrue();
    }
}
