using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>A (RFC 1035 3.4.1) or AAAA (RFC 3596 2.2) data, chosen by the address family.</summary>
internal sealed record AddressRecordData : RecordData
{
    private readonly byte[] _bytes;

    public AddressRecordData(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Address = address;
        _bytes = address.GetAddressBytes();
    }

    public IPAddress Address { get; }

    public override DnsRecordType Type => Address.AddressFamily == AddressFamily.InterNetworkV6 ? DnsRecordType.AAAA : DnsRecordType.A;

    public override bool TryWrite(ref DnsMessageWriter writer) => writer.TryWriteBytes(_bytes);

    public bool Equals(AddressRecordData? other) => other is not null && Address.Equals(other.Address);

    public override int GetHashCode() => Address.GetHashCode();
}
