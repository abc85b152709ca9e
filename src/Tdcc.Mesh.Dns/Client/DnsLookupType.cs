namespace Tdcc.Mesh.Dns.Client;

/// <summary>The record types <see cref="DnsLookupClient"/> asks for (their RFC 1035 / 3596 / 2782 type numbers).</summary>
public enum DnsLookupType
{
    /// <summary>IPv4 addresses.</summary>
    A = 1,

    /// <summary>IPv6 addresses.</summary>
    Aaaa = 28,

    /// <summary>Service records: priority, weight, port and target.</summary>
    Srv = 33,
}
