namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>What an answer says, before it is laid out on the wire: the response code, the AA flag and the three record sections.</summary>
internal readonly record struct DnsResponseContent(
    DnsResponseCode ResponseCode,
    bool Authoritative,
    IReadOnlyList<DnsRecord> Answers,
    IReadOnlyList<DnsRecord> Authority,
    IReadOnlyList<DnsRecord> Additional)
{
    /// <summary>A response with only a code: no records, not authoritative.</summary>
    public static DnsResponseContent Error(DnsResponseCode code) => new(code, false, [], [], []);
}
