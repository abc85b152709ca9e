using System.Net;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>The isolated layout: nothing routes between members' blocks, so east's pods are out of west's (and the host's) reach.</summary>
[Collection(SandboxGroup.Name)]
public sealed class IsolatedNetworkTests(IsolatedSandboxFixture fixture) : IClassFixture<IsolatedSandboxFixture>
{
    [NamespacesFact]
    public async Task EastPodIp_FromWestsNetworkAndFromTheHost_Unreachable()
    {
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);
        var eastPod = new IPEndPoint(IPAddress.Parse((await MeshProbes.ReadyPodIpsAsync(east.Client))[0]), 8080);

        var fromWest = await NetworkProbe.GetAsync(west.Network, eastPod, TimeSpan.FromSeconds(3));
        var fromHost = await NetworkProbe.GetAsync(Sandbox.Networking.HostNetwork.Instance, eastPod, TimeSpan.FromSeconds(3));

        fromWest.Cluster.Should().BeNull();
        fromWest.Error.Should().NotBeNull().And.NotBe(System.Net.Sockets.SocketError.TimedOut, "an isolated block is refused at once, not black-holed");
        fromHost.Cluster.Should().BeNull();
        (await NetworkProbe.GetAsync(east.Network, eastPod)).Cluster.Should().Be("east", "inside east the pod answers");
    }

    [NamespacesFact]
    public async Task OwnClusterIp_FromInside_Answered()
    {
        var set = await fixture.StartAsync();
        var west = set.Clusters[2];
        var service = await west.Client.Resource<Service>().GetAsync("demo", "echo");

        (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(IPAddress.Parse(service!.Spec!.ClusterIP!), 8080))).Cluster.Should().Be("west");
    }

    [NamespacesFact]
    public async Task Hub_FromIsolatedMembers_StillReachedOverTheUnderlay()
    {
        var set = await fixture.StartAsync();

        // Members joined (their agents dial the hub from their own namespaces) and east's export reached west.
        var import = await RoutedNetworkTests.ClusterSetIpAsync(set.Clusters[2].Client);
        import.ToString().Should().StartWith("100.");
    }
}
