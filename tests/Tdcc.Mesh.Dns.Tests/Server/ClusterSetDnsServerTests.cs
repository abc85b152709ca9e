using System.Net;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Server;
using Tdcc.Mesh.Dns.Tests.TestSupport;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.Server;

public class ClusterSetDnsServerTests
{
    private static IClusterSetDnsServer Start(ClusterSetDnsServerOptions? options = null) =>
        ClusterSetDnsServer.Start(options ?? new ClusterSetDnsServerOptions { Port = 0 }, TestZones.Sample());

    [Fact]
    public async Task Start_PortZero_BindsUdpAndTcpOnTheSameEphemeralPort()
    {
        await using var server = Start();

        server.UdpEndpoint.Port.Should().BeGreaterThan(0);
        server.TcpEndpoint.Port.Should().Be(server.UdpEndpoint.Port);
        server.UdpEndpoint.Address.Should().Be(IPAddress.Loopback);
    }

    [Fact]
    public async Task Udp_ServiceQuery_AnswersAuthoritatively()
    {
        await using var server = Start();

        var response = ParsedResponse.Parse(await DnsTestClient.UdpAsync(server.UdpEndpoint, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A, id: 77)));

        response.Header.Id.Should().Be(77);
        response.Header.IsAuthoritative.Should().BeTrue();
        response.AnswerData(DnsRecordType.A).Should().Equal("10.96.0.10");
    }

    [Fact]
    public async Task Tcp_SeveralQueriesOnOneConnection_AnsweredInOrder()
    {
        await using var server = Start();
        using var socket = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);

        await DnsTestClient.SendFramedAsync(socket, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A, id: 1));
        await DnsTestClient.SendFramedAsync(socket, DnsTestMessages.Query("_http._tcp.big.prod.svc.clusterset.local", DnsRecordType.SRV, id: 2));
        var first = ParsedResponse.Parse(await DnsTestClient.ReceiveFramedAsync(socket));
        var second = ParsedResponse.Parse(await DnsTestClient.ReceiveFramedAsync(socket));
        await DnsTestClient.SendFramedAsync(socket, DnsTestMessages.Query("nope.prod.svc.clusterset.local", DnsRecordType.A, id: 3));
        var third = ParsedResponse.Parse(await DnsTestClient.ReceiveFramedAsync(socket));

        first.Header.Id.Should().Be(1);
        second.Header.Id.Should().Be(2);
        second.Answers.Should().HaveCount(60);
        third.Code.Should().Be(DnsResponseCode.NXDomain);
    }

    [Fact]
    public async Task Tcp_IdleConnection_ClosedAfterTimeout()
    {
        await using var server = Start(new ClusterSetDnsServerOptions { Port = 0, TcpIdleTimeout = TimeSpan.FromMilliseconds(200) });
        using var socket = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);

        var closed = await DnsTestClient.ReceiveFramedAsync(socket, TimeSpan.FromSeconds(5));

        closed.Should().BeNull("the server closes an idle connection");
    }

    [Fact]
    public async Task Tcp_OverConnectionCap_ExtraConnectionClosed()
    {
        await using var server = Start(new ClusterSetDnsServerOptions { Port = 0, MaxTcpConnections = 1 });
        using var first = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);
        await DnsTestClient.SendFramedAsync(first, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A));
        (await DnsTestClient.ReceiveFramedAsync(first)).Should().NotBeNull();

        using var second = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);
        await DnsTestClient.SendFramedAsync(second, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A));

        (await DnsTestClient.ReceiveFramedAsync(second)).Should().BeNull();
        await DnsTestClient.SendFramedAsync(first, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A));
        (await DnsTestClient.ReceiveFramedAsync(first)).Should().NotBeNull("the first connection is still served");
    }

    [Fact]
    public async Task Tcp_ClientClosesMidMessage_ServerKeepsServing()
    {
        await using var server = Start();
        using (var socket = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint))
        {
            await socket.SendAsync(new byte[] { 0x00, 0x40, 0x12, 0x34 }, System.Net.Sockets.SocketFlags.None);
        }

        var response = await DnsTestClient.UdpAsync(server.UdpEndpoint, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A));

        response.Should().NotBeNull();
        await WaitForAsync(() => ((DnsServerHost)server).OpenTcpConnections == 0);
    }

    [Fact]
    public async Task UpdateZone_NewSnapshot_NextQueryUsesIt()
    {
        await using var server = Start();
        var added = new ServiceRecordSet("prod", "new", ServiceType.ClusterSetIP, [IPAddress.Parse("10.96.0.99")], [], []);

        server.UpdateZone(ZoneSnapshot.Build([added], serial: 2));

        var response = ParsedResponse.Parse(await DnsTestClient.UdpAsync(server.UdpEndpoint, DnsTestMessages.Query("new.prod.svc.clusterset.local", DnsRecordType.A)));
        response.AnswerData(DnsRecordType.A).Should().Equal("10.96.0.99");
        server.Zone.Current.Serial.Should().Be(2);
    }

    [Fact]
    public async Task StopAsync_OpenTcpConnection_ClosesItAndFinishes()
    {
        var server = Start();
        using var socket = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);
        await DnsTestClient.SendFramedAsync(socket, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A));
        (await DnsTestClient.ReceiveFramedAsync(socket)).Should().NotBeNull();

        await server.StopAsync().WaitAsync(TimeSpan.FromSeconds(5));

        (await DnsTestClient.ReceiveFramedAsync(socket)).Should().BeNull();
        (await DnsTestClient.UdpAsync(server.UdpEndpoint, DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A), TimeSpan.FromMilliseconds(300))).Should().BeNull();
        await server.DisposeAsync();
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue();
    }
}
