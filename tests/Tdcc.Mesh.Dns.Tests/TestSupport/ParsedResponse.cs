using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Tests.TestSupport;

/// <summary>A record read back from a response, with its data in presentation form.</summary>
internal sealed record ParsedRecord(string Name, DnsRecordType Type, ushort Class, uint Ttl, string Data);

/// <summary>A response read back with the production name reader, for assertions.</summary>
internal sealed record ParsedResponse(DnsHeader Header, string? QuestionName, IReadOnlyList<ParsedRecord> Answers, IReadOnlyList<ParsedRecord> Authority, IReadOnlyList<ParsedRecord> Additional)
{
    public DnsResponseCode Code => (DnsResponseCode)(Header.ResponseCode | ((Opt is { } opt ? (int)(opt.Ttl >> 24) : 0) << 4));

    public ParsedRecord? Opt => Additional.FirstOrDefault(record => record.Type == DnsRecordType.OPT);

    public IEnumerable<string> AnswerData(DnsRecordType type) => Answers.Where(record => record.Type == type).Select(record => record.Data);

    public static ParsedResponse Parse(ReadOnlySpan<byte> message)
    {
        DnsHeader.TryRead(message, out var header).Should().BeTrue("a response has a header");
        var offset = DnsWireLimits.HeaderSize;
        string? question = null;
        for (var i = 0; i < header.QuestionCount; i++)
        {
            DnsMessageReader.TryReadName(message, ref offset, out var name).Should().BeTrue();
            question = name!.ToString();
            offset += 4;
        }

        var answers = ReadSection(message, ref offset, header.AnswerCount);
        var authority = ReadSection(message, ref offset, header.AuthorityCount);
        var additional = ReadSection(message, ref offset, header.AdditionalCount);
        offset.Should().Be(message.Length, "the counts cover the whole message");
        return new ParsedResponse(header, question, answers, authority, additional);
    }

    private static List<ParsedRecord> ReadSection(ReadOnlySpan<byte> message, ref int offset, int count)
    {
        var records = new List<ParsedRecord>();
        for (var i = 0; i < count; i++)
        {
            DnsMessageReader.TryReadName(message, ref offset, out var name).Should().BeTrue();
            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]);
            var rclass = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
            var dataStart = offset + 10;
            records.Add(new ParsedRecord(name!.ToString(), type, rclass, ttl, Describe(message, dataStart, length, type)));
            offset = dataStart + length;
        }

        return records;
    }

    private static string Describe(ReadOnlySpan<byte> message, int start, int length, DnsRecordType type)
    {
        var data = message.Slice(start, length);
        var offset = start;
        switch (type)
        {
            case DnsRecordType.A:
            case DnsRecordType.AAAA:
                return new IPAddress(data).ToString();
            case DnsRecordType.SRV:
                offset += 6;
                DnsMessageReader.TryReadName(message, ref offset, out var target).Should().BeTrue();
                return string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16BigEndian(data)} {BinaryPrimitives.ReadUInt16BigEndian(data[2..])} {BinaryPrimitives.ReadUInt16BigEndian(data[4..])} {target}");
            case DnsRecordType.TXT:
                return Encoding.UTF8.GetString(data.Slice(1, data[0]));
            case DnsRecordType.NS:
                DnsMessageReader.TryReadName(message, ref offset, out var host).Should().BeTrue();
                return host!.ToString();
            case DnsRecordType.SOA:
                DnsMessageReader.TryReadName(message, ref offset, out var mname).Should().BeTrue();
                DnsMessageReader.TryReadName(message, ref offset, out var rname).Should().BeTrue();
                var numbers = message.Slice(offset, 20);
                return string.Create(CultureInfo.InvariantCulture, $"{mname} {rname} {BinaryPrimitives.ReadUInt32BigEndian(numbers)} {BinaryPrimitives.ReadUInt32BigEndian(numbers[16..])}");
            default:
                return Convert.ToHexString(data);
        }
    }
}
