using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Server;
using Tdcc.Mesh.Dns.Tests.TestSupport;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.Server;

/// <summary>Random and mutated packets, a bounded number of each, against the processor and the live server.</summary>
public class DnsFuzzTests
{
    private static readonly byte[][] Seeds =
    [
        DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A),
        DnsTestMessages.Query("_postgres._tcp.db.prod.svc.clusterset.local", DnsRecordType.SRV, ednsPayload: 1232),
        DnsTestMessages.Query("db-0.east.db.prod.svc.clusterset.local", DnsRecordType.AAAA, ednsPayload: 512),
        DnsTestMessages.Query("dns-version.clusterset.local", DnsRecordType.TXT),
    ];

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var packet = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    packet[random.Next(packet.Length)] = (byte)random.Next(256);
                }

                return packet;
            case 1:
                return packet[..random.Next(packet.Length)];
            case 2:
                // Plant a compression pointer somewhere in the question.
                var at = random.Next(12, packet.Length - 1);
                packet[at] = (byte)(0xC0 | random.Next(64));
                packet[at + 1] = (byte)random.Next(256);
                return packet;
            default:
                var garbage = new byte[random.Next(0, 600)];
                random.NextBytes(garbage);
                return garbage;
        }
    }

    [Fact]
    public void Process_MutatedPackets_NeverThrowsAndAnswersStayParseable()
    {
        var processor = new DnsQueryProcessor(new ClusterSetZone(TestZones.Sample()), new DnsServerMetrics(null), 1232, TimeProvider.System, NullLogger.Instance);
        var random = new Random(2782);
        var buffer = new byte[65535];
        for (var i = 0; i < 20_000; i++)
        {
            var packet = Mutate(random, Seeds[i % Seeds.Length]);
            var transport = i % 2 == 0 ? DnsTransport.Udp : DnsTransport.Tcp;

            var length = processor.Process(packet, buffer, transport);

            if (length > 0)
            {
                length.Should().BeLessThanOrEqualTo(transport == DnsTransport.Udp ? 1232 : 65535);
                DnsHeader.TryRead(buffer.AsSpan(0, length), out var header).Should().BeTrue();
                header.IsResponse.Should().BeTrue();
            }
        }
    }

    [Fact]
    public async Task Server_MutatedPacketsOverUdpAndTcp_StillAnswersAfterwards()
    {
        await using var server = ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Port = 0 }, TestZones.Sample());
        var random = new Random(7766);
        using var udp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        for (var i = 0; i < 2_000; i++)
        {
            await udp.SendToAsync(Mutate(random, Seeds[i % Seeds.Length]), System.Net.Sockets.SocketFlags.None, server.UdpEndpoint);
        }

        for (var i = 0; i < 50; i++)
        {
            using var tcp = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);
            var packet = Mutate(random, Seeds[i % Seeds.Length]);
            var framed = new byte[packet.Length + 2];
            // Half the frames lie about their length.
            var claimed = i % 2 == 0 ? packet.Length : random.Next(65536);
            framed[0] = (byte)(claimed >> 8);
            framed[1] = (byte)claimed;
            packet.CopyTo(framed, 2);
            await tcp.SendAsync(framed, System.Net.Sockets.SocketFlags.None);
        }

        var udpAnswer = ParsedResponse.Parse(await DnsTestClient.UdpAsync(server.UdpEndpoint, Seeds[0]));
        udpAnswer.AnswerData(DnsRecordType.A).Should().Equal("10.96.0.10");
        using var client = await DnsTestClient.ConnectTcpAsync(server.TcpEndpoint);
        await DnsTestClient.SendFramedAsync(client, Seeds[3]);
        ParsedResponse.Parse(await DnsTestClient.ReceiveFramedAsync(client)).AnswerData(DnsRecordType.TXT).Should().Equal("1.0.0");
    }
}
