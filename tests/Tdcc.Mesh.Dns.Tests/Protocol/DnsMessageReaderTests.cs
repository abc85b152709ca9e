using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Tests.Protocol;

public class DnsMessageReaderTests
{
    // Header: id 0x1234, RD, QDCOUNT 1, no other records.
    private static readonly byte[] QueryHeader = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

    // Question: a.b IN A
    private static readonly byte[] QuestionAb = [1, (byte)'a', 1, (byte)'b', 0, 0x00, 0x01, 0x00, 0x01];

    private static byte[] Message(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    [Fact]
    public void ParseQuery_WellFormed_ReturnsQuestion()
    {
        var query = DnsMessageReader.ParseQuery(Message(QueryHeader, QuestionAb));

        query.Status.Should().Be(DnsQueryParseStatus.Ok);
        query.Header.Id.Should().Be(0x1234);
        query.Question!.Name.ToString().Should().Be("a.b.");
        query.Question.Type.Should().Be(DnsRecordType.A);
        query.Question.Class.Should().Be(DnsClass.Internet);
        query.Edns.Should().BeNull();
    }

    [Fact]
    public void ParseQuery_TruncatedHeader_Drops()
    {
        DnsMessageReader.ParseQuery([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]).Status.Should().Be(DnsQueryParseStatus.Drop);
    }

    [Fact]
    public void ParseQuery_EmptyMessage_Drops()
    {
        DnsMessageReader.ParseQuery([]).Status.Should().Be(DnsQueryParseStatus.Drop);
    }

    [Fact]
    public void ParseQuery_ResponseBitSet_Drops()
    {
        byte[] header = [0x12, 0x34, 0x81, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb)).Status.Should().Be(DnsQueryParseStatus.Drop);
    }

    [Fact]
    public void ParseQuery_QuestionCountZero_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        var query = DnsMessageReader.ParseQuery(header);

        query.Status.Should().Be(DnsQueryParseStatus.FormatError);
        query.Header.Id.Should().Be(0x1234);
    }

    [Fact]
    public void ParseQuery_QuestionCountTwo_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, QuestionAb)).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_OpcodeStatus_NotImplemented()
    {
        byte[] header = [0x12, 0x34, 0x11, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb)).Status.Should().Be(DnsQueryParseStatus.NotImplemented);
    }

    [Fact]
    public void ParseQuery_QuestionEndsMidLabel_FormatError()
    {
        DnsMessageReader.ParseQuery(Message(QueryHeader, [3, (byte)'a', (byte)'b'])).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_QuestionWithoutTypeAndClass_FormatError()
    {
        DnsMessageReader.ParseQuery(Message(QueryHeader, [1, (byte)'a', 0, 0x00, 0x01])).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_AnswerRecordInQuery_IsSkipped()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00];
        // a.b A IN TTL 0, RDLENGTH 4, 1.2.3.4; owner compressed to the question name.
        byte[] answer = [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0x00, 0x04, 1, 2, 3, 4];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, answer)).Status.Should().Be(DnsQueryParseStatus.Ok);
    }

    [Fact]
    public void ParseQuery_AnswerRecordOverrunsMessage_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00];
        byte[] answer = [0xC0, 0x0C, 0x00, 0x01, 0x00, 0x01, 0, 0, 0, 0, 0x00, 0x09, 1, 2, 3, 4];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, answer)).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_EdnsOpt_ReadsPayloadVersionAndDo()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        // root, OPT, payload 4096, ext-rcode 0, version 0, DO set, RDLENGTH 0
        byte[] opt = [0, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00];

        var query = DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt));

        query.Status.Should().Be(DnsQueryParseStatus.Ok);
        query.Edns.Should().Be(new EdnsInfo(4096, 0, true));
    }

    [Fact]
    public void ParseQuery_EdnsVersionOne_ReadsVersion()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        byte[] opt = [0, 0x00, 0x29, 0x04, 0xD0, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt)).Edns!.Value.Version.Should().Be(1);
    }

    [Fact]
    public void ParseQuery_EdnsWithCookieOption_Accepted()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        // COOKIE option (10), 8-octet client cookie.
        byte[] opt = [0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x0C, 0x00, 0x0A, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt)).Status.Should().Be(DnsQueryParseStatus.Ok);
    }

    [Fact]
    public void ParseQuery_EdnsOptionOverrunsRdata_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        // RDLENGTH 6 but the option claims 8 octets of data.
        byte[] opt = [0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x06, 0x00, 0x0A, 0x00, 0x08, 1, 2];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt)).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_TwoOptRecords_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02];
        byte[] opt = [0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt, opt)).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void ParseQuery_OptOwnerIsPointerToRoot_ReadsOpt()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        // Owner is a pointer to offset 16, the root label ending the question name a.b.
        byte[] opt = [0xC0, 16, 0x00, 0x29, 0x02, 0x00, 0, 0, 0, 0, 0x00, 0x00];

        var query = DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt));

        query.Status.Should().Be(DnsQueryParseStatus.Ok);
        query.Edns!.Value.UdpPayloadSize.Should().Be(512);
    }

    [Fact]
    public void ParseQuery_OptOwnerNotRoot_FormatError()
    {
        byte[] header = [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01];
        byte[] opt = [1, (byte)'x', 0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0x00, 0x00];

        DnsMessageReader.ParseQuery(Message(header, QuestionAb, opt)).Status.Should().Be(DnsQueryParseStatus.FormatError);
    }

    [Fact]
    public void TryReadName_BackwardPointer_FollowsAndAdvancesPastPointer()
    {
        // 12: a.b.   17: c + pointer to 14 ("b.")
        var message = Message(QueryHeader, [1, (byte)'a', 1, (byte)'b', 0, 1, (byte)'c', 0xC0, 14]);
        var offset = 17;

        DnsMessageReader.TryReadName(message, ref offset, out var name).Should().BeTrue();

        name!.ToString().Should().Be("c.b.");
        offset.Should().Be(21);
    }

    [Fact]
    public void TryReadName_PointerToItself_Rejected()
    {
        var message = Message(QueryHeader, [0xC0, 0x0C]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_PointerLoopBetweenTwoNames_Rejected()
    {
        // 12: a + pointer to 16;  16: b + pointer to 12. Read from 16: b, jump to 12, a, jump forward to 16 -> loop.
        var message = Message(QueryHeader, [1, (byte)'a', 0xC0, 16, 1, (byte)'b', 0xC0, 12]);
        var offset = 16;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_ForwardPointer_Rejected()
    {
        var message = Message(QueryHeader, [0xC0, 14, 1, (byte)'a', 0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_PointerPastEnd_Rejected()
    {
        var message = Message(QueryHeader, [1, (byte)'a', 0xC3, 0xFF]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_PointerIntoHeader_Rejected()
    {
        var message = Message(QueryHeader, [1, (byte)'a', 0xC0, 0x02]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_PointerMissingSecondOctet_Rejected()
    {
        var message = Message(QueryHeader, [1, (byte)'a', 0xC0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_LabelLength64_Rejected()
    {
        // 0x40 is the reserved extended-label prefix, not a 64-octet label.
        var message = Message(QueryHeader, [0x40, .. Enumerable.Repeat((byte)'a', 64), 0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_ReservedLabelType0x80_Rejected()
    {
        var message = Message(QueryHeader, [0x80, 0x01, 0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_Exactly255Octets_Accepted()
    {
        byte[] label63 = [63, .. Enumerable.Repeat((byte)'x', 63)];
        byte[] label61 = [61, .. Enumerable.Repeat((byte)'y', 61)];
        var message = Message(QueryHeader, label63, label63, label63, label61, [0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out var name).Should().BeTrue();

        name!.Wire.Length.Should().Be(255);
    }

    [Fact]
    public void TryReadName_256Octets_Rejected()
    {
        byte[] label63 = [63, .. Enumerable.Repeat((byte)'x', 63)];
        byte[] label62 = [62, .. Enumerable.Repeat((byte)'y', 62)];
        var message = Message(QueryHeader, label63, label63, label63, label62, [0]);
        var offset = 12;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void TryReadName_LongNameThroughPointers_Rejected()
    {
        // Each name adds a 63-octet label in front of the previous one; the fifth would be 321 octets.
        var parts = new List<byte>(QueryHeader);
        var previous = -1;
        for (var i = 0; i < 5; i++)
        {
            var start = parts.Count;
            parts.Add(63);
            parts.AddRange(Enumerable.Repeat((byte)'z', 63));
            if (previous < 0)
            {
                parts.Add(0);
            }
            else
            {
                parts.Add((byte)(0xC0 | (previous >> 8)));
                parts.Add((byte)previous);
            }

            previous = start;
        }

        var message = parts.ToArray();
        var offset = previous;

        DnsMessageReader.TryReadName(message, ref offset, out _).Should().BeFalse();
    }

    [Fact]
    public void ParseQuery_RandomGarbage_NeverThrows()
    {
        var random = new Random(1645);
        var buffer = new byte[64];
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            var length = random.Next(buffer.Length + 1);
            var act = () => DnsMessageReader.ParseQuery(buffer.AsSpan(0, length));
            act.Should().NotThrow();
        }
    }
}
