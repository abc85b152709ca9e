using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// The routed layout: each member in its own network namespace, members' blocks routed to each other. West reaches
/// echo's ClusterSetIP and lands on east's pods; cutting east's link takes it Offline, withdraws its endpoints from
/// west, and restoring brings both back.
/// </summary>
[Collection(SandboxGroup.Name)]
public sealed class RoutedNetworkTests(RoutedSandboxFixture fixture) : IClassFixture<RoutedSandboxFixture>
{
    [NamespacesFact]
    public async Task Start_Routed_EachMemberInItsOwnNamespaceWithItsBlock()
    {
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);

        set.Network!.Mode.Should().Be(Sandbox.Networking.NetworkMode.Routed);
        east.Network.NamespaceName.Should().Be("tdcc12-east");
        west.Network.NamespaceName.Should().Be("tdcc12-west");
        east.Addresses.PodCidr.Should().Be("100.77.128.0/21");
        File.Exists("/var/run/netns/tdcc12-west").Should().BeTrue();
        var endpoints = (await SandboxHost.ReadEndpointsAsync(fixture.Directory))!;
        endpoints.Network.Should().Be("routed");
        endpoints.Clusters.Single(c => c.Name == "west").Dns.Should().Be(west.Addresses.UnderlayAddress + ":53");
    }

    [NamespacesFact]
    public async Task ClusterSetIp_FromWestsNetwork_AnsweredByEastsPodsInTurn()
    {
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);
        var clusterSetIp = await ClusterSetIpAsync(west.Client);

        var pods = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            var reply = await NetworkProbe.GetAsync(west.Network, new IPEndPoint(clusterSetIp, 8080));
            reply.Error.Should().BeNull();
            reply.Cluster.Should().Be("east");
            pods.Add(reply.Pod!);
        }

        pods.Should().HaveCount(3, "the service proxy spreads connections over east's three ready pods");
        var eastPod = (await MeshProbes.ReadyPodIpsAsync(east.Client))[0];
        (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(IPAddress.Parse(eastPod), 8080))).Cluster.Should().Be("east", "routed: west reaches east's pod IPs directly");
    }

    [NamespacesFact]
    public async Task ClusterIp_OwnService_AnsweredByOwnPods()
    {
        var set = await fixture.StartAsync();
        var west = set.Clusters[2];
        var service = await west.Client.Resource<Service>().GetAsync("demo", "echo");

        var reply = await NetworkProbe.GetAsync(west.Network, new IPEndPoint(IPAddress.Parse(service!.Spec!.ClusterIP!), 8080));

        reply.Cluster.Should().Be("west");
    }

    [NamespacesFact]
    public async Task Cut_East_OfflineAndWithdrawnFromWestThenBackOnRestore()
    {
        var set = await fixture.StartAsync();
        var (hub, west) = (set.Clusters[0], set.Clusters[2]);
        var clusterSetIp = await ClusterSetIpAsync(west.Client);
        (await MeshProbes.ImportedFromAsync(west.Client, "east")).Should().NotBeEmpty();

        await set.Network!.SetLinkAsync("east", up: false);
        try
        {
            await Eventually.TrueAsync(async () => await MeshProbes.ReadyAsync(hub.Client, "east") == false, "east Offline on the hub", TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => (await MeshProbes.ImportedFromAsync(west.Client, "east")).Count == 0, "east's endpoints withdrawn from west", TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(async () => (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(clusterSetIp, 8080), TimeSpan.FromSeconds(2))).Error == SocketError.ConnectionRefused, "echo's ClusterSetIP refused in west (no endpoint left)", TimeSpan.FromSeconds(15));
            (await MeshProbes.ReadyAsync(hub.Client, "west")).Should().BeTrue("only east was cut");
        }
        finally
        {
            await set.Network.SetLinkAsync("east", up: true);
        }

        await Eventually.TrueAsync(async () => await MeshProbes.ReadyAsync(hub.Client, "east") == true, "east Ready again", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(async () => (await MeshProbes.ImportedFromAsync(west.Client, "east")).Count == 3, "east's endpoints back in west", TimeSpan.FromSeconds(60));

        // East was echo's only exporter, so its withdrawal removed the import; the import that comes back may have a new IP.
        var again = await ClusterSetIpAsync(west.Client);
        await Eventually.TrueAsync(async () => (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(again, 8080))).Cluster == "east", "echo's ClusterSetIP answered by east again", TimeSpan.FromSeconds(15));
    }

    internal static async Task<IPAddress> ClusterSetIpAsync(IKubeClient member)
    {
        var import = await Eventually.ValueAsync(async () => await member.Resource<ServiceImport>().GetAsync("demo", "echo") is { Spec.Ips: { Length: > 0 } } i ? i : null, "ServiceImport demo/echo with an IP");
        return IPAddress.Parse(import.Spec!.Ips!.Value[0]);
    }

}
