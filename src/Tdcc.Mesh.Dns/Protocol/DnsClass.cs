namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>The CLASS and QCLASS values this server knows (RFC 1035 3.2.4/3.2.5).</summary>
internal static class DnsClass
{
    public const ushort Internet = 1;
    public const ushort Any = 255;
}
