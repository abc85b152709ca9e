namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>NS data (RFC 1035 3.3.11).</summary>
internal sealed record NsRecordData(DnsName Host) : RecordData
{
    public override DnsRecordType Type => DnsRecordType.NS;

    public override bool TryWrite(ref DnsMessageWriter writer) => writer.TryWriteName(Host);
}
