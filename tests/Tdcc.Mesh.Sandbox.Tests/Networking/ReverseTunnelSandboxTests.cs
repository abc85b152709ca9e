using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Xunit.Abstractions;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// A member behind NAT (issue 14): east's network accepts no connection from outside (<c>SetNatAsync</c>, what
/// <c>tdcc sandbox fault nat east</c> does), its gateway reports no address and dials a reverse tunnel to west's, and a
/// client in west reaches echo, which only east serves, through it. Then east's link is cut long enough for the tunnel
/// to drop, restored, and the traffic comes back over a new reverse tunnel.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class ReverseTunnelSandboxTests(NatSandboxFixture fixture, ITestOutputHelper output) : IClassFixture<NatSandboxFixture>
{
    private static readonly TimeSpan DialTimeout = TimeSpan.FromSeconds(2);

    [NamespacesFact]
    public async Task EastBehindNat_WestReachesEchoThroughReverseTunnel_AndBackAfterTheTunnelDrops()
    {
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);
        var eastGateway = new IPEndPoint(east.Addresses.UnderlayAddress!, Sandbox.Mesh.MemberGateway.TunnelPort);

        // The NAT holds: west cannot open a connection to east's gateway; without it, it can.
        (await DialAsync(west, eastGateway)).Should().BeFalse("east is behind NAT: no connection from outside reaches it");
        await set.Network!.SetNatAsync("east", on: false);
        try
        {
            (await DialAsync(west, eastGateway)).Should().BeTrue("the control: east's gateway listens there");
        }
        finally
        {
            await set.Network.SetNatAsync("east", on: true);
        }

        (await DialAsync(west, eastGateway)).Should().BeFalse("the NAT is back");

        var clusterSetIp = await RoutedNetworkTests.ClusterSetIpAsync(west.Client);
        await using (var stream = RequestStream.Start(west.Network, new IPEndPoint(clusterSetIp, 8080)))
        {
            await stream.WaitAnsweredByAsync(["east"], TimeSpan.Zero, TimeSpan.FromSeconds(120), "west's client is answered by east through east's reverse tunnel");
            var peer = (await EastAtWestAsync(west))!.Value;
            output.WriteLine("west's gateway, peer east: " + peer);
            peer.GetProperty("direction").GetString().Should().Be("Reverse");
            peer.GetProperty("state").GetString().Should().Be("Connected");
            peer.GetProperty("address").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null, "the hub gives west no address for east");

            // Drop the tunnel: the link is cut for longer than the tunnels' keep-alive (2 s ping + 2 s), then restored.
            await set.Network.SetLinkAsync("east", up: false);
            await Task.Delay(TimeSpan.FromSeconds(6));
            // West let go of the dead reverse tunnel (or east is no peer any more: the hub withdrew it, 3 s + 2 s here).
            var during = await EastAtWestAsync(west);
            output.WriteLine("west's gateway during the cut, peer east: " + (during?.ToString() ?? "(not a peer: withdrawn by the hub)"));
            (during?.GetProperty("reverseConnections").GetInt32() ?? 0).Should().Be(0, "west let go of the dead reverse tunnel");
            await set.Network.SetLinkAsync("east", up: true);
            var clock = Stopwatch.StartNew();

            // East (the only exporter of echo) was withdrawn during the cut, so its import comes back anew: the
            // ClusterSetIP is read again on each attempt.
            (string? Cluster, string? Pod, SocketError? Error) reply = default;
            while (clock.Elapsed < TimeSpan.FromSeconds(120))
            {
                var ip = await west.Client.Resource<Tdcc.Mesh.Mcs.Api.ServiceImport>().GetAsync("demo", "echo") is { Spec.Ips: { Length: > 0 } ips } ? IPAddress.Parse(ips[0]) : null;
                if (ip is not null)
                {
                    try
                    {
                        reply = await NetworkProbe.GetAsync(west.Network, new IPEndPoint(ip, 8080));
                        if (reply.Cluster == "east")
                        {
                            break;
                        }
                    }
                    catch (System.Text.Json.JsonException)
                    {
                        // West's gateway answered itself (503: no backend cluster yet), not a pod.
                    }
                }

                await Task.Delay(100);
            }

            output.WriteLine($"east answered again {clock.ElapsedMilliseconds} ms after its link came back (the hub had withdrawn it: its import is made again)");
            reply.Cluster.Should().Be("east", "east is reached again once its gateway dialled a new reverse tunnel (last error {0})", reply.Error);

            var after = (await EastAtWestAsync(west))!.Value;
            output.WriteLine("west's gateway, peer east: " + after);
            after.GetProperty("state").GetString().Should().Be("Connected");
            after.GetProperty("reconnects").GetInt32().Should().BeGreaterThanOrEqualTo(1);
        }

        (await DialAsync(west, eastGateway)).Should().BeFalse("east is still behind NAT after the link came back");
    }

    /// <summary>Whether a TCP connection from <paramref name="member"/>'s network to <paramref name="target"/> opens within <see cref="DialTimeout"/>.</summary>
    private static async Task<bool> DialAsync(Sandbox.Clusters.ISimulatedCluster member, IPEndPoint target)
    {
        using var socket = member.Network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(DialTimeout);
        try
        {
            await socket.ConnectAsync(target, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A gateway's status read from inside its own member's network (the NAT keeps the host out).</summary>
    private static async Task<string> GatewayStatusFromInsideAsync(Sandbox.Clusters.ISimulatedCluster member)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = member.Network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(member.Addresses.UnderlayAddress!, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await http.GetStringAsync(new Uri($"http://{member.Addresses.UnderlayAddress}:{Sandbox.Mesh.MemberGateway.HttpPort}{Gateway.Hosting.GatewayHost.StatusPath}"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "unreadable: " + e.Message;
        }
    }

    /// <summary>East as west's gateway sees it (<c>/debug/gateway/status</c> over west's underlay address).</summary>
    private static async Task<System.Text.Json.JsonElement?> EastAtWestAsync(Sandbox.Clusters.ISimulatedCluster west)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var status = await http.GetStringAsync(new Uri($"http://{west.Addresses.UnderlayAddress}:{Sandbox.Mesh.MemberGateway.HttpPort}{Gateway.Hosting.GatewayHost.StatusPath}"));
        using var document = System.Text.Json.JsonDocument.Parse(status);
        var peers = document.RootElement.GetProperty("peers").EnumerateArray().Where(p => p.GetProperty("cluster").GetString() == "east").ToList();
        return peers.Count == 1 ? peers[0].Clone() : null;
    }
}
