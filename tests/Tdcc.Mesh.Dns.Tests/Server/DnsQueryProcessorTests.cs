using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Server;
using Tdcc.Mesh.Dns.Tests.TestSupport;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.Server;

public class DnsQueryProcessorTests
{
    private static ParsedResponse? Process(byte[] request, DnsTransport transport = DnsTransport.Udp, DnsServerMetrics? metrics = null)
    {
        var processor = new DnsQueryProcessor(new ClusterSetZone(TestZones.Sample()), metrics ?? new DnsServerMetrics(null), 1232, TimeProvider.System, NullLogger.Instance);
        var buffer = new byte[65535];
        var length = processor.Process(request, buffer, transport);
        return length == 0 ? null : ParsedResponse.Parse(buffer.AsSpan(0, length));
    }

    [Fact]
    public void Process_QuestionCountZero_FormErrWithSameId()
    {
        var response = Process([0xAB, 0xCD, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

        response!.Header.Id.Should().Be(0xABCD);
        response.Code.Should().Be(DnsResponseCode.FormErr);
        response.Header.QuestionCount.Should().Be(0);
    }

    [Fact]
    public void Process_BadPointerInQuestion_FormErr()
    {
        Process([0xAB, 0xCD, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01])!
            .Code.Should().Be(DnsResponseCode.FormErr);
    }

    [Fact]
    public void Process_TruncatedHeader_NoResponse()
    {
        Process([0xAB, 0xCD, 0x01]).Should().BeNull();
    }

    [Fact]
    public void Process_UpdateOpcode_NotImp()
    {
        var request = DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A, flags: 5 << 11);

        Process(request)!.Code.Should().Be(DnsResponseCode.NotImp);
    }

    [Fact]
    public void Process_EdnsVersion1_BadVersWithOpt()
    {
        var response = Process(DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 1232, ednsVersion: 1))!;

        response.Code.Should().Be(DnsResponseCode.BadVers);
        response.Answers.Should().BeEmpty();
        response.Opt.Should().NotBeNull();
    }

    [Fact]
    public void Process_NameOutsideZone_Refused()
    {
        var response = Process(DnsTestMessages.Query("example.com", DnsRecordType.A))!;

        response.Code.Should().Be(DnsResponseCode.Refused);
        response.Header.IsAuthoritative.Should().BeFalse();
    }

    [Fact]
    public void Process_LargeAnswerOverUdpWithoutEdns_Truncated()
    {
        var response = Process(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A))!;

        response.Header.IsTruncated.Should().BeTrue();
        response.Answers.Should().BeEmpty();
    }

    [Fact]
    public void Process_LargeAnswerWithEdns1232_Whole()
    {
        var response = Process(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 1232))!;

        response.Header.IsTruncated.Should().BeFalse();
        response.Answers.Should().HaveCount(60);
    }

    [Fact]
    public void Process_EdnsPayloadAboveServerMaximum_CappedAtMaximum()
    {
        var request = DnsTestMessages.Query("_http._tcp.big.prod.svc.clusterset.local", DnsRecordType.SRV, ednsPayload: 65000);
        var processor = new DnsQueryProcessor(new ClusterSetZone(TestZones.Sample()), new DnsServerMetrics(null), 1232, TimeProvider.System, NullLogger.Instance);
        var buffer = new byte[65535];

        var length = processor.Process(request, buffer, DnsTransport.Udp);

        length.Should().BeLessThanOrEqualTo(1232);
        ParsedResponse.Parse(buffer.AsSpan(0, length)).Header.IsTruncated.Should().BeTrue();
    }

    [Fact]
    public void Process_EdnsPayloadBelow512_TreatedAs512()
    {
        var response = Process(DnsTestMessages.Query("web.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 100))!;

        response.Answers.Should().ContainSingle();
    }

    [Fact]
    public void Process_LargeAnswerOverTcp_Whole()
    {
        var response = Process(DnsTestMessages.Query("_http._tcp.big.prod.svc.clusterset.local", DnsRecordType.SRV), DnsTransport.Tcp)!;

        response.Header.IsTruncated.Should().BeFalse();
        response.Answers.Should().HaveCount(60);
        response.Additional.Should().HaveCount(60);
    }

    [Fact]
    public void Process_Queries_RecordedOnMeter()
    {
        using var metrics = new DnsServerMetrics(null);
        var seen = new List<(string Instrument, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == DnsServerMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value))));
        listener.Start();

        Process(DnsTestMessages.Query("nope.prod.svc.clusterset.local", DnsRecordType.A), metrics: metrics);
        Process(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A), metrics: metrics);
        Process([1, 2, 3], metrics: metrics);

        seen.Should().Contain(m => m.Instrument == "tdcc.dns.queries" && (string)m.Tags["dns.response.code"]! == "NXDOMAIN" && (string)m.Tags["dns.question.type"]! == "A");
        seen.Should().Contain(m => m.Instrument == "tdcc.dns.truncated");
        seen.Should().Contain(m => m.Instrument == "tdcc.dns.malformed");
    }
}
