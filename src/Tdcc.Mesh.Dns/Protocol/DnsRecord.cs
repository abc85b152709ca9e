namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>A resource record ready to write: owner, TTL and data (the class is always IN).</summary>
internal sealed record DnsRecord(DnsName Owner, uint Ttl, RecordData Data)
{
    public DnsRecordType Type => Data.Type;

    /// <summary>Writes the whole record; on false nothing of it stays written.</summary>
    public bool TryWrite(ref DnsMessageWriter writer)
    {
        var mark = writer.Mark();
        if (writer.TryWriteName(Owner) &&
            writer.TryWriteUInt16((ushort)Data.Type) &&
            writer.TryWriteUInt16(DnsClass.Internet) &&
            writer.TryWriteUInt32(Ttl) &&
            writer.TrySkip(2))
        {
            var dataStart = writer.Position;
            if (Data.TryWrite(ref writer))
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(writer.Patch(dataStart - 2, 2), (ushort)(writer.Position - dataStart));
                return true;
            }
        }

        writer.Rewind(mark);
        return false;
    }
}
