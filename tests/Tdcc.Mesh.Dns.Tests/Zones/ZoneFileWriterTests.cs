using Tdcc.Mesh.Dns.Tests.TestSupport;

namespace Tdcc.Mesh.Dns.Tests.Zones;

public class ZoneFileWriterTests
{
    [Fact]
    public void WriteZoneFile_SampleZone_SoaFirstAndEveryRecordType()
    {
        using var writer = new StringWriter();

        TestZones.Sample().WriteZoneFile(writer);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().Be("$TTL 5");
        lines[1].Should().StartWith("clusterset.local. 5 IN SOA ns.dns.clusterset.local. hostmaster.clusterset.local. 1 ");
        lines.Should().Contain("dns-version.clusterset.local. 5 IN TXT \"1.0.0\"");
        lines.Should().Contain("web.prod.svc.clusterset.local. 5 IN A 10.96.0.10");
        lines.Should().Contain("_http._tcp.web.prod.svc.clusterset.local. 5 IN SRV 0 100 80 web.prod.svc.clusterset.local.");
        lines.Should().Contain("db-0.east.db.prod.svc.clusterset.local. 5 IN A 10.1.0.5");
    }
}
