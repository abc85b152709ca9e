namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>What a query's OPT pseudo-record said (RFC 6891 6.1.2/6.1.3).</summary>
internal readonly record struct EdnsInfo(ushort UdpPayloadSize, byte Version, bool DnssecOk)
{
    /// <summary>The only EDNS version this server speaks.</summary>
    public const byte SupportedVersion = 0;
}
