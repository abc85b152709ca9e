namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>Sizes and limits of the DNS wire format.</summary>
internal static class DnsWireLimits
{
    /// <summary>The fixed header (RFC 1035 4.1.1).</summary>
    public const int HeaderSize = 12;

    /// <summary>A label is at most 63 octets (RFC 1035 2.3.4).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>A name is at most 255 octets in wire form, length octets and the root label included (RFC 1035 2.3.4).</summary>
    public const int MaxNameLength = 255;

    /// <summary>The largest UDP answer without EDNS (RFC 1035 4.2.1), also the floor for an EDNS payload size (RFC 6891 6.2.5).</summary>
    public const int ClassicUdpPayload = 512;

    /// <summary>A TCP message carries a 2-octet length, so at most 65535 octets (RFC 1035 4.2.2, RFC 7766 8).</summary>
    public const int MaxTcpMessage = 65535;

    /// <summary>A compression pointer holds a 14-bit offset (RFC 1035 4.1.4).</summary>
    public const int MaxPointerOffset = 0x3FFF;

    /// <summary>The wire size of an OPT record with no options: root name, type, class, TTL, RDLENGTH.</summary>
    public const int EmptyOptRecordSize = 11;
}
