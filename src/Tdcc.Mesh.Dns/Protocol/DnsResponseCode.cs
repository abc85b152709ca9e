namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>Response codes (RFC 1035 4.1.1); values above 15 are extended codes carried partly in the OPT record (RFC 6891 6.1.3).</summary>
internal enum DnsResponseCode
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
    BadVers = 16,
}
