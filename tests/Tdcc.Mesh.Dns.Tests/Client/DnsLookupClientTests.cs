using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Dns.Client;
using Tdcc.Mesh.Dns.Tests.TestSupport;

namespace Tdcc.Mesh.Dns.Tests.Client;

/// <summary>The stub resolver against the real clusterset DNS server (UDP and TCP listeners).</summary>
public class DnsLookupClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static IClusterSetDnsServer Start() => ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Port = 0 }, TestZones.Sample());

    [Fact]
    public async Task QueryAsync_ServiceA_NoErrorWithItsAddress()
    {
        await using var server = Start();

        var result = await DnsLookupClient.QueryAsync(server.UdpEndpoint, "web.prod.svc.clusterset.local", DnsLookupType.A, Timeout);

        result.IsSuccess.Should().BeTrue();
        result.ResponseCode.Should().Be("NOERROR");
        result.Answers.Should().ContainSingle().Which.Should().Match<DnsAnswer>(a => a.Type == "A" && a.Data == "10.96.0.10" && a.Name.StartsWith("web.prod.svc.clusterset.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_UnknownService_NxDomain()
    {
        await using var server = Start();

        var result = await DnsLookupClient.QueryAsync(server.UdpEndpoint, "nope.prod.svc.clusterset.local", DnsLookupType.A, Timeout);

        result.IsSuccess.Should().BeFalse();
        result.ResponseCode.Should().Be("NXDOMAIN");
        result.Answers.Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_AnswerTooBigForUdp_AskedAgainOverTcp()
    {
        await using var server = Start();

        var result = await DnsLookupClient.QueryAsync(server.UdpEndpoint, "_http._tcp.big.prod.svc.clusterset.local", DnsLookupType.Srv, Timeout);

        result.Answers.Should().HaveCount(60, "the truncated UDP answer is replaced by the whole TCP one");
        result.Answers.Should().OnlyContain(a => a.Type == "SRV" && a.Data.Contains(".big.prod.svc.clusterset.local", StringComparison.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_ServerSilent_TimeoutException()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));

        var query = () => DnsLookupClient.QueryAsync((IPEndPoint)silent.LocalEndPoint!, "web.prod.svc.clusterset.local", DnsLookupType.A, TimeSpan.FromMilliseconds(200));

        await query.Should().ThrowAsync<TimeoutException>();
    }
}
