namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>SRV data (RFC 2782). The target is never compressed, as RFC 2782 requires.</summary>
internal sealed record SrvRecordData(ushort Priority, ushort Weight, ushort Port, DnsName Target) : RecordData
{
    public override DnsRecordType Type => DnsRecordType.SRV;

    public override bool TryWrite(ref DnsMessageWriter writer) =>
        writer.TryWriteUInt16(Priority) && writer.TryWriteUInt16(Weight) && writer.TryWriteUInt16(Port) && writer.TryWriteName(Target, compress: false);
}
