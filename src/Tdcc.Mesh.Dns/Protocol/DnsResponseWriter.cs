namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// Lays a response out within a size limit. When the answer or authority records do not all fit, the
/// answer section is dropped whole and TC is set (RFC 2181 9), so a client retries over TCP rather than
/// trust a partial RRset; additional records that do not fit are simply left out. Space for the OPT record
/// is reserved first so an EDNS client always gets one back (RFC 6891 7).
/// </summary>
internal static class DnsResponseWriter
{
    /// <summary>How many name positions the compressor remembers per message.</summary>
    public const int CompressionSlots = 128;

    /// <summary>Writes the response to <paramref name="query"/>; returns its length.</summary>
    public static int Write(
        in DnsQuery query,
        in DnsResponseContent content,
        Span<byte> buffer,
        int maxSize,
        ushort advertisedPayloadSize,
        out bool truncated)
    {
        truncated = false;
        Span<ushort> offsets = stackalloc ushort[CompressionSlots];
        var writer = new DnsMessageWriter(buffer[..Math.Min(buffer.Length, maxSize)], offsets);
        var edns = query.Edns;
        writer.Limit = writer.Limit - (edns is null ? 0 : DnsWireLimits.EmptyOptRecordSize);
        if (!writer.TrySkip(DnsWireLimits.HeaderSize))
        {
            return 0;
        }

        ushort questions = 0, answers = 0, authority = 0, additional = 0;
        if (query.Question is { } question)
        {
            if (!writer.TryWriteName(question.Name) || !writer.TryWriteUInt16((ushort)question.Type) || !writer.TryWriteUInt16(question.Class))
            {
                return 0;
            }

            questions = 1;
        }

        var afterQuestion = writer.Mark();
        if (!TryWriteAll(ref writer, content.Answers, out answers) || !TryWriteAll(ref writer, content.Authority, out authority))
        {
            writer.Rewind(afterQuestion);
            answers = 0;
            authority = 0;
            truncated = true;
        }
        else
        {
            TryWriteAll(ref writer, content.Additional, out additional);
        }

        var code = (int)content.ResponseCode;
        if (edns is not null)
        {
            writer.Limit = maxSize;
            var extendedCode = (uint)(code >> 4) << 24;
            if (writer.TryWriteUInt8(0) &&
                writer.TryWriteUInt16((ushort)DnsRecordType.OPT) &&
                writer.TryWriteUInt16(advertisedPayloadSize) &&
                writer.TryWriteUInt32(extendedCode | ((uint)EdnsInfo.SupportedVersion << 16)) &&
                writer.TryWriteUInt16(0))
            {
                additional++;
            }
        }

        var requestFlags = query.Header.Flags;
        var flags = (ushort)(DnsHeader.ResponseFlag
            | (requestFlags & 0x7800) // opcode
            | (requestFlags & DnsHeader.RecursionDesiredFlag)
            | (requestFlags & DnsHeader.CheckingDisabledFlag)
            | (content.Authoritative ? DnsHeader.AuthoritativeFlag : 0)
            | (truncated ? DnsHeader.TruncatedFlag : 0)
            | (code & 0xF));
        new DnsHeader(query.Header.Id, flags, questions, answers, authority, additional).Write(writer.Patch(0, DnsWireLimits.HeaderSize));
        return writer.Position;
    }

    private static bool TryWriteAll(ref DnsMessageWriter writer, IReadOnlyList<DnsRecord> records, out ushort count)
    {
        count = 0;
        for (var i = 0; i < records.Count && count < ushort.MaxValue; i++)
        {
            if (!records[i].TryWrite(ref writer))
            {
                return false;
            }

            count++;
        }

        return true;
    }
}
