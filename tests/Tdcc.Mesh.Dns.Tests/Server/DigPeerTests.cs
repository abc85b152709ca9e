using System.Globalization;
using System.Text.RegularExpressions;
using Tdcc.Mesh.Dns.Tests.TestSupport;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Dns.Tests.Server;

/// <summary>The real <c>dig</c> (ISC BIND dnsutils) against our server.</summary>
[Trait("Peer", "dig")]
public sealed partial class DigPeerTests : IAsyncLifetime
{
    private IClusterSetDnsServer? _server;

    public Task InitializeAsync()
    {
        _server = ClusterSetDnsServer.Start(new ClusterSetDnsServerOptions { Port = 0 }, TestZones.Sample());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task<DigOutput> DigAsync(params string[] arguments)
    {
        RequirePeer.Present("dig");
        var port = _server!.UdpEndpoint.Port.ToString(CultureInfo.InvariantCulture);
        var result = await PeerTools.RunAsync("dig", ["@127.0.0.1", "-p", port, "+tries=1", "+time=3", .. arguments], timeout: TimeSpan.FromSeconds(30));
        result.ExitCode.Should().Be(0, result.ToString());
        return new DigOutput(result.StandardOutput);
    }

    [PeerFact("dig")]
    public async Task Dig_ClusterSetIpA_AuthoritativeAnswer()
    {
        var dig = await DigAsync("web.prod.svc.clusterset.local", "A");

        dig.Status.Should().Be("NOERROR");
        dig.Flags.Should().Contain("aa");
        dig.Section("ANSWER").Should().Equal("web.prod.svc.clusterset.local. 5 IN A 10.96.0.10");
    }

    [PeerFact("dig")]
    public async Task Dig_ClusterSetIpAaaa_Ipv6Answer()
    {
        var dig = await DigAsync("web.prod.svc.clusterset.local", "AAAA");

        dig.Section("ANSWER").Should().Equal("web.prod.svc.clusterset.local. 5 IN AAAA fd00::10");
    }

    [PeerFact("dig")]
    public async Task Dig_NamedPortSrv_TargetsServiceWithAddressesInAdditional()
    {
        var dig = await DigAsync("_http._tcp.web.prod.svc.clusterset.local", "SRV");

        dig.Section("ANSWER").Should().Equal("_http._tcp.web.prod.svc.clusterset.local. 5 IN SRV 0 100 80 web.prod.svc.clusterset.local.");
        dig.Section("ADDITIONAL").Should().Contain("web.prod.svc.clusterset.local. 5 IN A 10.96.0.10");
    }

    [PeerFact("dig")]
    public async Task Dig_BareServiceSrv_OneRecordPerPort()
    {
        var dig = await DigAsync("web.prod.svc.clusterset.local", "SRV");

        dig.Section("ANSWER").Should().BeEquivalentTo(
            "web.prod.svc.clusterset.local. 5 IN SRV 0 100 80 web.prod.svc.clusterset.local.",
            "web.prod.svc.clusterset.local. 5 IN SRV 0 100 9090 web.prod.svc.clusterset.local.",
            "web.prod.svc.clusterset.local. 5 IN SRV 0 100 5353 web.prod.svc.clusterset.local.");
    }

    [PeerFact("dig")]
    public async Task Dig_HeadlessEndpointNames_ResolvePerCluster()
    {
        var east = await DigAsync("db-0.east.db.prod.svc.clusterset.local", "A");
        var dashed = await DigAsync("10-2-0-7.west.db.prod.svc.clusterset.local", "A");
        var srv = await DigAsync("_postgres._tcp.db.prod.svc.clusterset.local", "SRV");

        east.Section("ANSWER").Should().Equal("db-0.east.db.prod.svc.clusterset.local. 5 IN A 10.1.0.5");
        dashed.Section("ANSWER").Should().Equal("10-2-0-7.west.db.prod.svc.clusterset.local. 5 IN A 10.2.0.7");
        srv.Section("ANSWER").Should().Contain("_postgres._tcp.db.prod.svc.clusterset.local. 5 IN SRV 0 100 5432 db-1.west.db.prod.svc.clusterset.local.")
            .And.HaveCount(3);
    }

    [PeerFact("dig")]
    public async Task Dig_DnsVersionTxt_Is100()
    {
        var dig = await DigAsync("dns-version.clusterset.local", "TXT");

        dig.Section("ANSWER").Should().Equal("dns-version.clusterset.local. 5 IN TXT \"1.0.0\"");
    }

    [PeerFact("dig")]
    public async Task Dig_UnknownService_NxDomainWithSoa()
    {
        var dig = await DigAsync("nope.prod.svc.clusterset.local", "A");

        dig.Status.Should().Be("NXDOMAIN");
        dig.Section("ANSWER").Should().BeEmpty();
        dig.Section("AUTHORITY").Should().ContainSingle().Which.Should().StartWith("clusterset.local. 5 IN SOA ns.dns.clusterset.local. hostmaster.clusterset.local. 1 ");
    }

    [PeerFact("dig")]
    public async Task Dig_NamespaceName_NoDataWithSoa()
    {
        var dig = await DigAsync("prod.svc.clusterset.local", "A");

        dig.Status.Should().Be("NOERROR");
        dig.Section("ANSWER").Should().BeEmpty();
        dig.Section("AUTHORITY").Should().ContainSingle().Which.Should().Contain("IN SOA");
    }

    [PeerFact("dig")]
    public async Task Dig_ServiceAskedForTxt_NoDataWithSoa()
    {
        var dig = await DigAsync("web.prod.svc.clusterset.local", "TXT");

        dig.Status.Should().Be("NOERROR");
        dig.Section("ANSWER").Should().BeEmpty();
        dig.Section("AUTHORITY").Should().ContainSingle().Which.Should().Contain("IN SOA");
    }

    [PeerFact("dig")]
    public async Task Dig_OverTcp_SameAnswer()
    {
        var dig = await DigAsync("+tcp", "web.prod.svc.clusterset.local", "A");

        dig.Section("ANSWER").Should().Equal("web.prod.svc.clusterset.local. 5 IN A 10.96.0.10");
        dig.Raw.Should().Contain("(TCP)");
    }

    [PeerFact("dig")]
    public async Task Dig_Bufsize512LargeHeadless_TruncatedThenWholeOverTcp()
    {
        var udp = await DigAsync("+bufsize=512", "+ignore", "_http._tcp.big.prod.svc.clusterset.local", "SRV");
        var tcp = await DigAsync("+tcp", "_http._tcp.big.prod.svc.clusterset.local", "SRV");

        udp.Flags.Should().Contain("tc");
        udp.Section("ANSWER").Should().BeEmpty();
        tcp.Flags.Should().NotContain("tc");
        tcp.Section("ANSWER").Should().HaveCount(60);
    }

    [PeerFact("dig")]
    public async Task Dig_NoEdns_AnswerWithoutOpt()
    {
        var dig = await DigAsync("+noedns", "db.prod.svc.clusterset.local", "A");

        dig.Raw.Should().NotContain("OPT PSEUDOSECTION");
        dig.Section("ANSWER").Should().HaveCount(3);
    }

    [PeerFact("dig")]
    public async Task Dig_Edns_OptEchoedWithOurPayload()
    {
        var dig = await DigAsync("+bufsize=4096", "web.prod.svc.clusterset.local", "A");

        dig.Raw.Should().Contain("OPT PSEUDOSECTION").And.Contain("udp: 1232");
    }

    [PeerFact("dig")]
    public async Task Dig_EdnsVersion1_BadVers()
    {
        var dig = await DigAsync("+edns=1", "+noednsnegotiation", "web.prod.svc.clusterset.local", "A");

        dig.Status.Should().Be("BADVERS");
    }

    [PeerFact("dig")]
    public async Task Dig_NameOutsideZone_Refused()
    {
        var dig = await DigAsync("kubernetes.default.svc.cluster.local", "A");

        dig.Status.Should().Be("REFUSED");
        dig.Flags.Should().NotContain("aa");
    }

    /// <summary>dig's text output, split into the parts tests look at.</summary>
    private sealed partial class DigOutput(string raw)
    {
        public string Raw { get; } = raw;

        public string Status => StatusPattern().Match(Raw).Groups[1].Value;

        public IReadOnlyList<string> Flags => FlagsPattern().Match(Raw).Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        /// <summary>The records of one section, whitespace collapsed to single spaces.</summary>
        public IReadOnlyList<string> Section(string name)
        {
            var lines = Raw.Split('\n');
            var start = Array.FindIndex(lines, line => line.StartsWith($";; {name} SECTION:", StringComparison.Ordinal));
            return start < 0
                ? []
                : [.. lines.Skip(start + 1).TakeWhile(line => line.Trim().Length > 0).Select(line => Whitespace().Replace(line.Trim(), " "))];
        }

        [GeneratedRegex(@"status: ([A-Z]+)")]
        private static partial Regex StatusPattern();

        [GeneratedRegex(@";; flags: ([a-z ]+)[;:]")]
        private static partial Regex FlagsPattern();

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
