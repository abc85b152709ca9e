using System.Text;

namespace Tdcc.Mesh.Grpc.Status;

/// <summary>
/// Percent-encoding of <c>grpc-message</c> as the gRPC HTTP/2 spec asks: the UTF-8 bytes of the message,
/// with every byte outside printable ASCII (0x20-0x7E) and '%' itself written as <c>%XX</c>.
/// Decoding is lenient: a malformed escape is kept as it is, never an error.
/// </summary>
public static class GrpcMessageEncoding
{
    private const byte FirstPrintable = 0x20;
    private const byte LastPrintable = 0x7E;
    private const byte Percent = (byte)'%';

    /// <summary>Encodes a status detail for the <c>grpc-message</c> header.</summary>
    public static string Encode(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!NeedsEncoding(message))
        {
            return message;
        }

        var bytes = Encoding.UTF8.GetBytes(message);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is >= FirstPrintable and <= LastPrintable and not Percent)
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }

        return builder.ToString();
    }

    /// <summary>Decodes a <c>grpc-message</c> header value.</summary>
    public static string Decode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length
                && TryHexValue(value[i + 1], out var high) && TryHexValue(value[i + 2], out var low))
            {
                bytes.Add((byte)((high << 4) | low));
                i += 2;
            }
            else if (c <= 0x7F)
            {
                bytes.Add((byte)c);
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool NeedsEncoding(string message)
    {
        foreach (var c in message)
        {
            if (c is < (char)FirstPrintable or > (char)LastPrintable or '%')
            {
                return true;
            }
        }

        return false;
    }

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static bool TryHexValue(char c, out int value)
    {
        value = c switch
        {
            >= '0' and <= '9' => c - '0',
            >= 'A' and <= 'F' => c - 'A' + 10,
            >= 'a' and <= 'f' => c - 'a' + 10,
            _ => -1,
        };
        return value >= 0;
    }
}
