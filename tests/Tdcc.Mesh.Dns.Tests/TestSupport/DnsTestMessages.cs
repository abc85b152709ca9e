using System.Buffers.Binary;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Tests.TestSupport;

/// <summary>Builds query bytes for tests: one question, optional OPT record.</summary>
internal static class DnsTestMessages
{
    public static byte[] Query(string name, DnsRecordType type, ushort id = 0x1234, ushort? ednsPayload = null, byte ednsVersion = 0, ushort qclass = DnsClass.Internet, ushort flags = DnsHeader.RecursionDesiredFlag)
    {
        var bytes = new List<byte>();
        void U16(int value)
        {
            bytes.Add((byte)(value >> 8));
            bytes.Add((byte)value);
        }

        U16(id);
        U16(flags);
        U16(1);
        U16(0);
        U16(0);
        U16(ednsPayload is null ? 0 : 1);
        bytes.AddRange(DnsName.Parse(name).Wire.ToArray());
        U16((ushort)type);
        U16(qclass);
        if (ednsPayload is { } payload)
        {
            bytes.Add(0);
            U16((ushort)DnsRecordType.OPT);
            U16(payload);
            bytes.Add(0); // extended RCODE
            bytes.Add(ednsVersion);
            U16(0); // flags
            U16(0); // RDLENGTH
        }

        return [.. bytes];
    }

    public static ushort ReadUInt16(byte[] message, int offset) => BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset));
}
