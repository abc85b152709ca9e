namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>SOA data (RFC 1035 3.3.13); <see cref="Minimum"/> is the negative-caching TTL (RFC 2308 4).</summary>
internal sealed record SoaRecordData(
    DnsName PrimaryServer,
    DnsName Mailbox,
    uint Serial,
    uint Refresh,
    uint Retry,
    uint Expire,
    uint Minimum) : RecordData
{
    public override DnsRecordType Type => DnsRecordType.SOA;

    public override bool TryWrite(ref DnsMessageWriter writer) =>
        writer.TryWriteName(PrimaryServer) && writer.TryWriteName(Mailbox) &&
        writer.TryWriteUInt32(Serial) && writer.TryWriteUInt32(Refresh) && writer.TryWriteUInt32(Retry) &&
        writer.TryWriteUInt32(Expire) && writer.TryWriteUInt32(Minimum);
}
