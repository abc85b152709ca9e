namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>How a received message parsed, and so how the server must react.</summary>
internal enum DnsQueryParseStatus
{
    /// <summary>A well-formed standard query with one question.</summary>
    Ok,

    /// <summary>Not worth an answer: shorter than a header, or itself a response (answering those invites loops).</summary>
    Drop,

    /// <summary>A header was read but the rest is malformed: answer FORMERR.</summary>
    FormatError,

    /// <summary>An opcode other than QUERY: answer NOTIMP.</summary>
    NotImplemented,
}
