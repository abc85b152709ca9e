using System.Buffers.Binary;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// The 12-octet message header (RFC 1035 4.1.1):
/// <code>
///   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
/// |                      ID                       |
/// |QR|   Opcode  |AA|TC|RD|RA|  Z |AD|CD|   RCODE  |
/// |                    QDCOUNT                    |
/// |                    ANCOUNT                    |
/// |                    NSCOUNT                    |
/// |                    ARCOUNT                    |
/// </code>
/// </summary>
internal readonly record struct DnsHeader(
    ushort Id,
    ushort Flags,
    ushort QuestionCount,
    ushort AnswerCount,
    ushort AuthorityCount,
    ushort AdditionalCount)
{
    public const ushort ResponseFlag = 0x8000;
    public const ushort AuthoritativeFlag = 0x0400;
    public const ushort TruncatedFlag = 0x0200;
    public const ushort RecursionDesiredFlag = 0x0100;
    public const ushort CheckingDisabledFlag = 0x0010;

    public bool IsResponse => (Flags & ResponseFlag) != 0;

    public int Opcode => (Flags >> 11) & 0xF;

    public bool IsTruncated => (Flags & TruncatedFlag) != 0;

    public bool IsAuthoritative => (Flags & AuthoritativeFlag) != 0;

    public bool RecursionDesired => (Flags & RecursionDesiredFlag) != 0;

    /// <summary>The low four bits of the response code.</summary>
    public int ResponseCode => Flags & 0xF;

    /// <summary>Reads a header; false when fewer than 12 octets are present.</summary>
    public static bool TryRead(ReadOnlySpan<byte> message, out DnsHeader header)
    {
        if (message.Length < DnsWireLimits.HeaderSize)
        {
            header = default;
            return false;
        }

        header = new DnsHeader(
            BinaryPrimitives.ReadUInt16BigEndian(message),
            BinaryPrimitives.ReadUInt16BigEndian(message[2..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[6..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[10..]));
        return true;
    }

    /// <summary>Writes the header into the first 12 octets of <paramref name="destination"/>.</summary>
    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], Flags);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], QuestionCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], AnswerCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], AuthorityCount);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], AdditionalCount);
    }
}
