namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// A parsed query. <see cref="Header"/> is valid unless the status is <see cref="DnsQueryParseStatus.Drop"/>;
/// <see cref="Question"/> is set when the question could be read; <see cref="Edns"/> when an OPT record was present.
/// </summary>
internal readonly record struct DnsQuery(DnsQueryParseStatus Status, DnsHeader Header, DnsQuestion? Question, EdnsInfo? Edns)
{
    public static DnsQuery Dropped => new(DnsQueryParseStatus.Drop, default, null, null);
}
