using System.Net;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Tests.TestSupport;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.Zones;

public class ZoneSnapshotTests
{
    private static readonly ZoneSnapshot Zone = TestZones.Sample();

    private static DnsResponseContent Ask(string name, DnsRecordType type, ZoneSnapshot? zone = null, ushort qclass = DnsClass.Internet) =>
        (zone ?? Zone).Lookup(new DnsQuestion(DnsName.Parse(name), type, qclass));

    private static IEnumerable<string> Data(IEnumerable<DnsRecord> records) => records.Select(record => record.Data switch
    {
        AddressRecordData address => address.Address.ToString(),
        SrvRecordData srv => $"{srv.Port} {srv.Target}",
        TxtRecordData txt => txt.Text,
        NsRecordData ns => ns.Host.ToString(),
        SoaRecordData soa => $"SOA {soa.Serial} {soa.Minimum}",
        _ => record.Data.ToString()!,
    });

    private static void ShouldBeNoData(DnsResponseContent answer)
    {
        answer.ResponseCode.Should().Be(DnsResponseCode.NoError);
        answer.Authoritative.Should().BeTrue();
        answer.Answers.Should().BeEmpty();
        answer.Authority.Should().ContainSingle().Which.Type.Should().Be(DnsRecordType.SOA);
    }

    private static void ShouldBeNxDomain(DnsResponseContent answer)
    {
        answer.ResponseCode.Should().Be(DnsResponseCode.NXDomain);
        answer.Authoritative.Should().BeTrue();
        answer.Answers.Should().BeEmpty();
        answer.Authority.Should().ContainSingle().Which.Type.Should().Be(DnsRecordType.SOA);
    }

    [Fact]
    public void Lookup_ClusterSetIpServiceA_ReturnsClusterSetIp()
    {
        var answer = Ask("web.prod.svc.clusterset.local", DnsRecordType.A);

        answer.ResponseCode.Should().Be(DnsResponseCode.NoError);
        answer.Authoritative.Should().BeTrue();
        Data(answer.Answers).Should().Equal("10.96.0.10");
        answer.Answers[0].Ttl.Should().Be(5);
    }

    [Fact]
    public void Lookup_ClusterSetIpServiceAaaa_ReturnsIpv6ClusterSetIp()
    {
        Data(Ask("web.prod.svc.clusterset.local", DnsRecordType.AAAA).Answers).Should().Equal("fd00::10");
    }

    [Fact]
    public void Lookup_MixedCaseName_Answers()
    {
        Data(Ask("WEB.Prod.Svc.ClusterSet.LOCAL", DnsRecordType.A).Answers).Should().Equal("10.96.0.10");
    }

    [Fact]
    public void Lookup_NamedPortSrvOfClusterSetIp_TargetsServiceName()
    {
        var answer = Ask("_http._tcp.web.prod.svc.clusterset.local", DnsRecordType.SRV);

        Data(answer.Answers).Should().Equal("80 web.prod.svc.clusterset.local.");
        Data(answer.Additional).Should().BeEquivalentTo("10.96.0.10", "fd00::10");
    }

    [Fact]
    public void Lookup_BareSrvOfClusterSetIp_OneRecordPerPort()
    {
        Data(Ask("web.prod.svc.clusterset.local", DnsRecordType.SRV).Answers).Should().BeEquivalentTo(
            "80 web.prod.svc.clusterset.local.",
            "9090 web.prod.svc.clusterset.local.",
            "5353 web.prod.svc.clusterset.local.");
    }

    [Fact]
    public void Lookup_UnnamedPortSrvName_DoesNotExist()
    {
        ShouldBeNxDomain(Ask("_5353._udp.web.prod.svc.clusterset.local", DnsRecordType.SRV));
    }

    [Fact]
    public void Lookup_ProtocolLabelUnderService_IsEmptyNonTerminal()
    {
        ShouldBeNoData(Ask("_tcp.web.prod.svc.clusterset.local", DnsRecordType.SRV));
    }

    [Fact]
    public void Lookup_HeadlessServiceA_ReturnsReadyEndpointsOfAllClusters()
    {
        Data(Ask("db.prod.svc.clusterset.local", DnsRecordType.A).Answers).Should().BeEquivalentTo("10.1.0.5", "10.2.0.6", "10.2.0.7");
    }

    [Fact]
    public void Lookup_HeadlessEndpointHostname_ReturnsItsAddress()
    {
        Data(Ask("db-1.west.db.prod.svc.clusterset.local", DnsRecordType.A).Answers).Should().Equal("10.2.0.6");
    }

    [Fact]
    public void Lookup_HeadlessEndpointWithoutHostname_NamedByDashedIp()
    {
        Data(Ask("10-2-0-7.west.db.prod.svc.clusterset.local", DnsRecordType.A).Answers).Should().Equal("10.2.0.7");
    }

    [Fact]
    public void Lookup_NotReadyEndpoint_NotPublished()
    {
        ShouldBeNxDomain(Ask("db-2.east.db.prod.svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_EndpointNameInWrongCluster_NxDomain()
    {
        ShouldBeNxDomain(Ask("db-0.west.db.prod.svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_ClusterLabelOfHeadlessService_NoDataNotAnAddress()
    {
        // <clusterid>.<svc>.<ns> is reserved and has no records, but names exist below it (RFC 8020).
        ShouldBeNoData(Ask("east.db.prod.svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_NamedPortSrvOfHeadless_OneRecordPerEndpoint()
    {
        var answer = Ask("_postgres._tcp.db.prod.svc.clusterset.local", DnsRecordType.SRV);

        Data(answer.Answers).Should().BeEquivalentTo(
            "5432 db-0.east.db.prod.svc.clusterset.local.",
            "5432 db-1.west.db.prod.svc.clusterset.local.",
            "5432 10-2-0-7.west.db.prod.svc.clusterset.local.");
        Data(answer.Additional).Should().BeEquivalentTo("10.1.0.5", "10.2.0.6", "10.2.0.7");
    }

    [Fact]
    public void Lookup_BareSrvOfHeadless_OneRecordPerEndpointAndPort()
    {
        Data(Ask("db.prod.svc.clusterset.local", DnsRecordType.SRV).Answers).Should().HaveCount(3);
    }

    [Fact]
    public void Lookup_HeadlessWithoutReadyEndpoints_NxDomain()
    {
        ShouldBeNxDomain(Ask("idle.prod.svc.clusterset.local", DnsRecordType.A));
        ShouldBeNxDomain(Ask("_http._tcp.idle.prod.svc.clusterset.local", DnsRecordType.SRV));
    }

    [Fact]
    public void Lookup_DnsVersion_Txt100()
    {
        Data(Ask("dns-version.clusterset.local", DnsRecordType.TXT).Answers).Should().Equal("1.0.0");
    }

    [Fact]
    public void Lookup_ApexSoa_ReturnsSoaWithSerialAndNegativeTtl()
    {
        Data(Ask("clusterset.local", DnsRecordType.SOA).Answers).Should().Equal("SOA 1 5");
    }

    [Fact]
    public void Lookup_ApexNs_ReturnsNameServer()
    {
        Data(Ask("clusterset.local", DnsRecordType.NS).Answers).Should().Equal("ns.dns.clusterset.local.");
    }

    [Fact]
    public void Lookup_NameServerWithAddress_GlueInAdditional()
    {
        var zone = ZoneSnapshot.Build([], new ClusterSetZoneOptions { NameServerAddresses = [IPAddress.Parse("10.0.0.53")] });

        Data(Ask("clusterset.local", DnsRecordType.NS, zone).Additional).Should().Equal("10.0.0.53");
        Data(Ask("ns.dns.clusterset.local", DnsRecordType.A, zone).Answers).Should().Equal("10.0.0.53");
    }

    [Fact]
    public void Lookup_NamespaceName_NoData()
    {
        ShouldBeNoData(Ask("prod.svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_SvcLabel_NoData()
    {
        ShouldBeNoData(Ask("svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_ServiceAskedForTxt_NoData()
    {
        ShouldBeNoData(Ask("web.prod.svc.clusterset.local", DnsRecordType.TXT));
    }

    [Fact]
    public void Lookup_Ipv4OnlyServiceAskedForAaaa_NoData()
    {
        ShouldBeNoData(Ask("db.prod.svc.clusterset.local", DnsRecordType.AAAA));
    }

    [Fact]
    public void Lookup_UnknownService_NxDomainWithSoa()
    {
        var answer = Ask("nope.prod.svc.clusterset.local", DnsRecordType.A);

        ShouldBeNxDomain(answer);
        answer.Authority[0].Owner.ToString().Should().Be("clusterset.local.");
        answer.Authority[0].Ttl.Should().Be(5);
    }

    [Fact]
    public void Lookup_UnknownNamespace_NxDomain()
    {
        ShouldBeNxDomain(Ask("web.staging.svc.clusterset.local", DnsRecordType.A));
    }

    [Fact]
    public void Lookup_OutsideZone_RefusedNotAuthoritative()
    {
        var answer = Ask("web.prod.svc.cluster.local", DnsRecordType.A);

        answer.ResponseCode.Should().Be(DnsResponseCode.Refused);
        answer.Authoritative.Should().BeFalse();
    }

    [Fact]
    public void Lookup_ChaosClass_Refused()
    {
        Ask("web.prod.svc.clusterset.local", DnsRecordType.A, qclass: 3).ResponseCode.Should().Be(DnsResponseCode.Refused);
    }

    [Fact]
    public void Lookup_ZoneTransfer_Refused()
    {
        Ask("clusterset.local", DnsRecordType.AXFR).ResponseCode.Should().Be(DnsResponseCode.Refused);
    }

    [Fact]
    public void Lookup_Any_ReturnsEveryRecordOfTheName()
    {
        Ask("web.prod.svc.clusterset.local", DnsRecordType.ANY).Answers.Select(record => record.Type).Distinct()
            .Should().BeEquivalentTo([DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.SRV]);
    }

    [Fact]
    public void Build_ConfiguredTtls_AppliedToAnswersAndNegativeSoa()
    {
        var zone = TestZones.Sample(new ClusterSetZoneOptions { Ttl = TimeSpan.FromSeconds(30), NegativeTtl = TimeSpan.FromSeconds(10) });

        Ask("web.prod.svc.clusterset.local", DnsRecordType.A, zone).Answers[0].Ttl.Should().Be(30);
        var negative = Ask("nope.prod.svc.clusterset.local", DnsRecordType.A, zone);
        negative.Authority[0].Ttl.Should().Be(10);
        ((SoaRecordData)negative.Authority[0].Data).Minimum.Should().Be(10);
    }

    [Fact]
    public void Build_InvalidNames_SkippedAndReported()
    {
        var zone = ZoneSnapshot.Build(
        [
            new ServiceRecordSet("prod", "bad.name", ServiceType.ClusterSetIP, [IPAddress.Loopback], [], []),
            new ServiceRecordSet("prod", "ok", ServiceType.ClusterSetIP, [IPAddress.Loopback], [new("x", "QUIC", 1), new("y", "TCP", 70000)], []),
            new ServiceRecordSet("prod", "hl", ServiceType.Headless, [], [], [new("bad cluster", "h", [IPAddress.Loopback], true)]),
        ]);

        zone.Rejected.Should().HaveCount(4);
        Data(Ask("ok.prod.svc.clusterset.local", DnsRecordType.A, zone).Answers).Should().Equal("127.0.0.1");
        ShouldBeNxDomain(Ask("hl.prod.svc.clusterset.local", DnsRecordType.A, zone));
    }

    [Fact]
    public void Build_SameAddressFromTwoEndpoints_PublishedOnce()
    {
        var zone = ZoneSnapshot.Build(
        [
            new ServiceRecordSet("prod", "dup", ServiceType.Headless, [], [], [
                new("east", "a", [IPAddress.Parse("10.0.0.1")], true),
                new("west", "a", [IPAddress.Parse("10.0.0.1")], true),
            ]),
        ]);

        Data(Ask("dup.prod.svc.clusterset.local", DnsRecordType.A, zone).Answers).Should().Equal("10.0.0.1");
    }

    [Fact]
    public void Build_Ipv6EndpointWithoutHostname_NamedWithDashes()
    {
        var zone = ZoneSnapshot.Build(
        [
            new ServiceRecordSet("prod", "v6", ServiceType.Headless, [], [], [new("east", null, [IPAddress.Parse("fd00::1:5")], true)]),
        ]);

        Data(Ask("fd00--1-5.east.v6.prod.svc.clusterset.local", DnsRecordType.AAAA, zone).Answers).Should().Equal("fd00::1:5");
    }

    [Fact]
    public void Update_NewSnapshot_ReadersSeeItWhole()
    {
        var zone = new ClusterSetZone(ZoneSnapshot.Empty());
        var updated = TestZones.Sample(serial: 2);

        zone.Update(updated);

        zone.Current.Should().BeSameAs(updated);
        zone.Current.Serial.Should().Be(2);
    }
}
