using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// Reads queries from raw octets. Plain functions over spans: nothing here throws on bad input, every
/// malformation comes back as a status the server turns into FORMERR, NOTIMP or silence.
/// </summary>
internal static class DnsMessageReader
{
    private const byte PointerMask = 0xC0;
    private const int RecordFixedSize = 10; // TYPE, CLASS, TTL, RDLENGTH after the owner name

    /// <summary>Parses a query message (header, exactly one question, skipped answer/authority RRs, optional OPT).</summary>
    public static DnsQuery ParseQuery(ReadOnlySpan<byte> message)
    {
        if (!DnsHeader.TryRead(message, out var header) || header.IsResponse)
        {
            return DnsQuery.Dropped;
        }

        if (header.Opcode != 0)
        {
            return new DnsQuery(DnsQueryParseStatus.NotImplemented, header, null, null);
        }

        if (header.QuestionCount != 1)
        {
            return new DnsQuery(DnsQueryParseStatus.FormatError, header, null, null);
        }

        var offset = DnsWireLimits.HeaderSize;
        if (!TryReadName(message, ref offset, out var name) || offset + 4 > message.Length)
        {
            return new DnsQuery(DnsQueryParseStatus.FormatError, header, null, null);
        }

        var question = new DnsQuestion(
            name,
            (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]),
            BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]));
        offset += 4;

        // Answer and authority records have no business in a query, but they are legal: skip them whole.
        var skipped = header.AnswerCount + header.AuthorityCount;
        for (var i = 0; i < skipped; i++)
        {
            if (!TrySkipRecord(message, ref offset))
            {
                return new DnsQuery(DnsQueryParseStatus.FormatError, header, question, null);
            }
        }

        EdnsInfo? edns = null;
        for (var i = 0; i < header.AdditionalCount; i++)
        {
            if (!TryReadName(message, ref offset, out var owner) || offset + RecordFixedSize > message.Length)
            {
                return new DnsQuery(DnsQueryParseStatus.FormatError, header, question, edns);
            }

            if ((DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(message[offset..]) != DnsRecordType.OPT)
            {
                if (!TrySkipRecordBody(message, ref offset))
                {
                    return new DnsQuery(DnsQueryParseStatus.FormatError, header, question, edns);
                }

                continue;
            }

            // RFC 6891 6.1.1: one OPT at most, owned by the root (which may itself arrive as a pointer).
            if (edns is not null || owner.LabelCount != 0 || !TryReadOpt(message, ref offset, out var parsed))
            {
                return new DnsQuery(DnsQueryParseStatus.FormatError, header, question, edns);
            }

            edns = parsed;
        }

        return new DnsQuery(DnsQueryParseStatus.Ok, header, question, edns);
    }

    /// <summary>
    /// Reads a possibly compressed name starting at <paramref name="offset"/> and advances past it.
    /// Rejects labels with the reserved 01/10 prefixes (so no label is longer than 63), names over 255 octets,
    /// pointers into the header or past the end, and pointers that do not go strictly backwards, which is what
    /// rules out loops: every legitimate pointer refers to a name written earlier in the message.
    /// </summary>
    public static bool TryReadName(ReadOnlySpan<byte> message, ref int offset, [NotNullWhen(true)] out DnsName? name)
    {
        name = null;
        Span<byte> buffer = stackalloc byte[DnsWireLimits.MaxNameLength];
        var written = 0;
        var position = offset;
        var lowestJump = offset;
        var end = -1;
        while (true)
        {
            if (position >= message.Length)
            {
                return false;
            }

            var length = message[position];
            if ((length & PointerMask) == PointerMask)
            {
                if (position + 1 >= message.Length)
                {
                    return false;
                }

                var target = ((length & ~PointerMask) << 8) | message[position + 1];
                if (target < DnsWireLimits.HeaderSize || target >= lowestJump)
                {
                    return false;
                }

                if (end < 0)
                {
                    end = position + 2;
                }

                lowestJump = target;
                position = target;
                continue;
            }

            if ((length & PointerMask) != 0)
            {
                return false;
            }

            if (written + 1 + length > DnsWireLimits.MaxNameLength)
            {
                return false;
            }

            if (length == 0)
            {
                buffer[written++] = 0;
                if (end < 0)
                {
                    end = position + 1;
                }

                break;
            }

            if (position + 1 + length > message.Length)
            {
                return false;
            }

            buffer[written++] = length;
            message.Slice(position + 1, length).CopyTo(buffer[written..]);
            written += length;
            position += 1 + length;
        }

        name = written == 1 ? DnsName.Root : new DnsName(buffer[..written].ToArray());
        offset = end;
        return true;
    }

    private static bool TrySkipRecord(ReadOnlySpan<byte> message, ref int offset) =>
        TryReadName(message, ref offset, out _) && TrySkipRecordBody(message, ref offset);

    // Skips TYPE, CLASS, TTL, RDLENGTH and RDATA of a record whose owner name has been read.
    private static bool TrySkipRecordBody(ReadOnlySpan<byte> message, ref int offset)
    {
        if (offset + RecordFixedSize > message.Length)
        {
            return false;
        }

        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        if (offset + RecordFixedSize + dataLength > message.Length)
        {
            return false;
        }

        offset += RecordFixedSize + dataLength;
        return true;
    }

    private static bool TryReadOpt(ReadOnlySpan<byte> message, ref int offset, out EdnsInfo edns)
    {
        // offset is at TYPE: the owner name has been read already.
        edns = default;
        var payload = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 2)..]);
        var ttl = BinaryPrimitives.ReadUInt32BigEndian(message[(offset + 4)..]);
        var dataLength = BinaryPrimitives.ReadUInt16BigEndian(message[(offset + 8)..]);
        var dataStart = offset + RecordFixedSize;
        if (dataStart + dataLength > message.Length)
        {
            return false;
        }

        // Options are {code, length, data}; each must fit inside RDATA exactly (RFC 6891 6.1.2).
        var options = message.Slice(dataStart, dataLength);
        while (options.Length > 0)
        {
            if (options.Length < 4)
            {
                return false;
            }

            var optionLength = BinaryPrimitives.ReadUInt16BigEndian(options[2..]);
            if (4 + optionLength > options.Length)
            {
                return false;
            }

            options = options[(4 + optionLength)..];
        }

        offset = dataStart + dataLength;
        edns = new EdnsInfo(payload, (byte)(ttl >> 16), (ttl & 0x8000) != 0);
        return true;
    }
}
