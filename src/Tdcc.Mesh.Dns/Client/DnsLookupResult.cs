namespace Tdcc.Mesh.Dns.Client;

/// <summary>A server's answer to one question: its response code (<c>NOERROR</c>, <c>NXDOMAIN</c>, ...) and answer records.</summary>
public sealed record DnsLookupResult(string ResponseCode, IReadOnlyList<DnsAnswer> Answers)
{
    /// <summary>True for NOERROR.</summary>
    public bool IsSuccess => ResponseCode == "NOERROR";
}
