using System.Net;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Tests.TestSupport;

namespace Tdcc.Mesh.Dns.Tests.Protocol;

public class DnsResponseWriterTests
{
    private static readonly DnsName Owner = DnsName.Parse("big.prod.svc.clusterset.local");

    private static DnsRecord[] Addresses(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new DnsRecord(Owner, 5, new AddressRecordData(IPAddress.Parse($"10.0.{i / 250}.{i % 250}"))))];

    private static ParsedResponse Write(byte[] request, DnsResponseContent content, int maxSize, out bool truncated)
    {
        var query = DnsMessageReader.ParseQuery(request);
        var buffer = new byte[65535];
        var length = DnsResponseWriter.Write(query, content, buffer, maxSize, 1232, out truncated);
        length.Should().BeLessThanOrEqualTo(maxSize);
        return ParsedResponse.Parse(buffer.AsSpan(0, length));
    }

    [Fact]
    public void Write_AnswersFit_EchoesIdQuestionAndRdWithAaQr()
    {
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A, id: 0xBEEF), new DnsResponseContent(DnsResponseCode.NoError, true, Addresses(2), [], []), 512, out var truncated);

        truncated.Should().BeFalse();
        response.Header.Id.Should().Be(0xBEEF);
        response.Header.IsResponse.Should().BeTrue();
        response.Header.IsAuthoritative.Should().BeTrue();
        response.Header.RecursionDesired.Should().BeTrue();
        response.Header.IsTruncated.Should().BeFalse();
        response.QuestionName.Should().Be("big.prod.svc.clusterset.local.");
        response.AnswerData(DnsRecordType.A).Should().Equal("10.0.0.1", "10.0.0.2");
    }

    [Fact]
    public void Write_AnswersOver512WithoutEdns_SetsTcAndDropsAnswers()
    {
        // 40 A records with compressed owners are 40 * 16 = 640 octets.
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A), new DnsResponseContent(DnsResponseCode.NoError, true, Addresses(40), [], []), 512, out var truncated);

        truncated.Should().BeTrue();
        response.Header.IsTruncated.Should().BeTrue();
        response.Answers.Should().BeEmpty();
        response.QuestionName.Should().NotBeNull();
    }

    [Fact]
    public void Write_EdnsQuery_AppendsOptWithOurPayloadSize()
    {
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 4096), new DnsResponseContent(DnsResponseCode.NoError, true, Addresses(1), [], []), 1232, out _);

        response.Opt.Should().NotBeNull();
        response.Opt!.Name.Should().Be(".");
        response.Opt.Class.Should().Be(1232);
        response.Opt.Ttl.Should().Be(0);
    }

    [Fact]
    public void Write_TruncatedEdnsAnswer_StillCarriesOpt()
    {
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 512), new DnsResponseContent(DnsResponseCode.NoError, true, Addresses(31), [], []), 512, out var truncated);

        truncated.Should().BeTrue();
        response.Opt.Should().NotBeNull();
    }

    [Fact]
    public void Write_BadVers_PutsUpperBitsInOptTtl()
    {
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A, ednsPayload: 1232, ednsVersion: 1), DnsResponseContent.Error(DnsResponseCode.BadVers), 1232, out _);

        response.Header.ResponseCode.Should().Be(0);
        response.Opt!.Ttl.Should().Be(0x01000000u, "extended RCODE 1 (<<4 = 16, BADVERS), version 0");
        response.Code.Should().Be(DnsResponseCode.BadVers);
    }

    [Fact]
    public void Write_AdditionalDoesNotFit_OmittedWithoutTc()
    {
        var response = Write(DnsTestMessages.Query("big.prod.svc.clusterset.local", DnsRecordType.A), new DnsResponseContent(DnsResponseCode.NoError, true, Addresses(2), [], Addresses(40)), 512, out var truncated);

        truncated.Should().BeFalse();
        response.Header.IsTruncated.Should().BeFalse();
        response.Answers.Should().HaveCount(2);
        response.Additional.Count.Should().BeInRange(1, 39);
    }
}
