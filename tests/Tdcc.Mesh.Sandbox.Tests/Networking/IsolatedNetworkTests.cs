using System.Net;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// The isolated layout: nothing routes between members' blocks, so east's pods are out of west's (and the host's)
/// reach, and every member runs its east-west gateway: west reaches east's services only through both gateways.
/// </summary>
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

    [NamespacesFact]
    public async Task ClusterSetIp_FromWest_AnsweredByEastsPodsThroughBothGateways()
    {
        var set = await fixture.StartAsync();
        var west = set.Clusters[2];
        var clusterSetIp = await RoutedNetworkTests.ClusterSetIpAsync(west.Client);

        // The derived Service's endpoints from east are west's gateway, on the port the hub allocated to echo:8080.
        var westGateway = west.Addresses.UnderlayAddress!.ToString();
        await Eventually.TrueAsync(
            async () => (await MeshProbes.ImportedFromAsync(west.Client, "east")).Any(address => address == westGateway),
            "west imports east's endpoints as its own gateway's address (Gateway addressing)",
            TimeSpan.FromSeconds(60));

        var pods = new HashSet<string>();
        await Eventually.TrueAsync(
            async () => (await NetworkProbe.GetAsync(west.Network, new IPEndPoint(clusterSetIp, 8080), TimeSpan.FromSeconds(5))).Cluster == "east",
            "a connection to echo's ClusterSetIP in west is answered by east through both gateways",
            TimeSpan.FromSeconds(60));
        for (var i = 0; i < 12; i++)
        {
            var reply = await NetworkProbe.GetAsync(west.Network, new IPEndPoint(clusterSetIp, 8080), TimeSpan.FromSeconds(5));
            reply.Error.Should().BeNull();
            reply.Cluster.Should().Be("east");
            pods.Add(reply.Pod!);
        }

        pods.Should().HaveCountGreaterThan(1, "east's gateway spreads requests over east's ready pods");

        // west's gateway shows its tunnel to east, read from its status document over the underlay.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var status = await http.GetStringAsync(new Uri($"http://{westGateway}:{Sandbox.Mesh.MemberGateway.HttpPort}{Gateway.Hosting.GatewayHost.StatusPath}"));
        var document = System.Text.Json.JsonDocument.Parse(status).RootElement;
        document.GetProperty("cluster").GetString().Should().Be("west");
        document.GetProperty("peers").EnumerateArray().Should().Contain(p => p.GetProperty("cluster").GetString() == "east" && p.GetProperty("state").GetString() == "Connected");
    }

    [NamespacesFact]
    public async Task GrpcJs_FromWestsNetwork_EchoServiceOfEastThroughBothGateways_UnaryStreamingAndHealth()
    {
        // A real gRPC client (@grpc/grpc-js, not xDS) in west's network calls echo's gRPC port (appProtocol grpc) at
        // its ClusterSetIP: west's gateway carries the calls over the tunnel to east's gateway, which delivers to east's
        // pods (nothing else routes between the members' blocks in this layout).
        RequirePeer.Present("node", "node:@grpc/grpc-js", "node:@grpc/proto-loader", "ip");
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);
        var clusterSetIp = await RoutedNetworkTests.ClusterSetIpAsync(west.Client);
        var eastPods = await MeshProbes.ReadyPodIpsAsync(east.Client);
        var script = Path.Combine(PeerTools.RepoRoot, "tests", "node", "grpc-echo-client.js");

        PeerResult? result = null;
        await Eventually.TrueAsync(
            async () =>
            {
                result = await PeerTools.RunAsync(
                    PeerTools.FindExecutable("ip")!,
                    ["netns", "exec", west.Network.NamespaceName!, PeerTools.FindExecutable("node")!, script, $"{clusterSetIp}:9090"],
                    timeout: TimeSpan.FromSeconds(60));
                return result.ExitCode == 0;
            },
            "grpc-js in west reaches echo's gRPC port of east through the gateways",
            TimeSpan.FromSeconds(90));

        using var output = System.Text.Json.JsonDocument.Parse(result!.StandardOutput);
        var root = output.RootElement;
        root.GetProperty("echo").GetProperty("text").GetString().Should().Be("hello from node");
        eastPods.Should().Contain(root.GetProperty("echo").GetProperty("podIp").GetString(), "an east pod answered");
        root.GetProperty("echo").GetProperty("peerHeader").GetString().Should().Be("grpc-js");
        root.GetProperty("stream").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(0, 1, 2);
        root.GetProperty("chat").EnumerateArray().Select(e => e.GetString()).Should().Equal("a", "b", "c", "d");
        root.GetProperty("health").GetString().Should().Be("SERVING");
    }
}
