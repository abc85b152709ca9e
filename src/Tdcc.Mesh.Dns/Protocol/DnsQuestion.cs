namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>One question entry (RFC 1035 4.1.2).</summary>
internal sealed record DnsQuestion(DnsName Name, DnsRecordType Type, ushort Class);
