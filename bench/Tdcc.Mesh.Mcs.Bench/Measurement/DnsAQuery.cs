using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>A minimal DNS A query (RFC 1035) and the reading of its answer's A records: just what the probe needs.</summary>
internal static class DnsAQuery
{
    private const byte TypeA = 1;
    private const byte ClassIn = 1;

    /// <summary>A query for the A records of <paramref name="name"/>, without recursion desired.</summary>
    public static byte[] Encode(ushort id, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var message = new List<byte>(12 + name.Length + 6);
        message.AddRange([(byte)(id >> 8), (byte)id, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
        foreach (var label in name.TrimEnd('.').Split('.'))
        {
            message.Add((byte)label.Length);
            message.AddRange(Encoding.ASCII.GetBytes(label));
        }

        message.AddRange([0, 0, TypeA, 0, ClassIn]);
        return [.. message];
    }

    /// <summary>
    /// The A addresses of a response to query <paramref name="id"/> with RCODE NOERROR (empty for NXDOMAIN or NODATA),
    /// or null when the message is not that response.
    /// </summary>
    public static IReadOnlyList<IPAddress>? Decode(ReadOnlySpan<byte> response, ushort id)
    {
        if (response.Length < 12 || BinaryPrimitives.ReadUInt16BigEndian(response) != id || (response[2] & 0x80) == 0)
        {
            return null;
        }

        var rcode = response[3] & 0x0F;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(response[4..]);
        var answers = BinaryPrimitives.ReadUInt16BigEndian(response[6..]);
        var offset = 12;
        for (var i = 0; i < questions; i++)
        {
            offset = SkipName(response, offset) + 4;
        }

        var addresses = new List<IPAddress>();
        for (var i = 0; i < answers && rcode == 0; i++)
        {
            offset = SkipName(response, offset);
            var type = BinaryPrimitives.ReadUInt16BigEndian(response[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(response[(offset + 8)..]);
            offset += 10;
            if (type == TypeA && length == 4)
            {
                addresses.Add(new IPAddress(response.Slice(offset, 4)));
            }

            offset += length;
        }

        return addresses;
    }

    private static int SkipName(ReadOnlySpan<byte> message, int offset)
    {
        while (true)
        {
            var length = message[offset];
            if ((length & 0xC0) == 0xC0)
            {
                return offset + 2;
            }

            offset += 1 + length;
            if (length == 0)
            {
                return offset;
            }
        }
    }
}
