using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Tdcc.Mesh.ApiServer.Storage;

/// <summary>
/// One line of <c>log.jsonl</c>: <c>crc32c:XXXXXXXX {json}\n</c>, where XXXXXXXX is the CRC-32C (lowercase hex) of the
/// JSON bytes and the JSON is <c>{"t":"put"|"del","r":resource,"o":object}</c>. Lines from before checksums (a bare
/// JSON object) are still read.
/// </summary>
internal static class LogRecord
{
    /// <summary>The prefix of a checksummed line.</summary>
    public const string Prefix = "crc32c:";

    private const int HeaderLength = 7 + 8 + 1;

    /// <summary>The bytes of one record, newline included.</summary>
    public static byte[] Encode(WatchEvent watchEvent)
    {
        var json = new StringBuilder(watchEvent.Object.Json.Length + 64)
            .Append("{\"t\":\"").Append(watchEvent.Type == WatchEventType.Deleted ? "del" : "put")
            .Append("\",\"r\":").Append(JsonSerializer.Serialize(watchEvent.Object.Resource, JsonContext.Default.String))
            .Append(",\"o\":").Append(Encoding.UTF8.GetString(watchEvent.Object.Json.Span))
            .Append('}')
            .ToString();
        var payloadLength = Encoding.UTF8.GetByteCount(json);
        var bytes = new byte[HeaderLength + payloadLength + 1];
        var payload = bytes.AsSpan(HeaderLength, payloadLength);
        Encoding.UTF8.GetBytes(json, payload);
        Encoding.ASCII.GetBytes(Prefix, bytes);
        Crc32C.Compute(payload).TryFormat(bytes.AsSpan(Prefix.Length, 8), out _, "x8", System.Globalization.CultureInfo.InvariantCulture);
        bytes[HeaderLength - 1] = (byte)' ';
        bytes[^1] = (byte)'\n';
        return bytes;
    }

    /// <summary>
    /// Checks one line (without its newline) and returns its JSON payload, or null with <paramref name="problem"/> set
    /// when the checksum does not match or the line has no valid shape. A line without the prefix is a record of the
    /// old format, accepted when it parses as JSON.
    /// </summary>
    public static ReadOnlyMemory<byte>? Verify(ReadOnlyMemory<byte> line, out string? problem)
    {
        var span = line.Span;
        problem = null;
        if (span.Length > 0 && span[0] == (byte)'{')
        {
            if (IsJson(span))
            {
                return line;
            }

            problem = "not valid JSON (record of the format without checksums)";
            return null;
        }

        if (span.Length < HeaderLength || !span.StartsWith("crc32c:"u8) || span[HeaderLength - 1] != (byte)' '
            || !Utf8Parser.TryParse(span.Slice(Prefix.Length, 8), out uint expected, out var consumed, 'x') || consumed != 8)
        {
            problem = "no checksum prefix (expected 'crc32c:<8 hex digits> ' or a JSON object)";
            return null;
        }

        var payload = line[HeaderLength..];
        var actual = Crc32C.Compute(payload.Span);
        if (actual != expected)
        {
            problem = $"checksum mismatch (recorded {expected:x8}, computed {actual:x8})";
            return null;
        }

        if (!IsJson(payload.Span))
        {
            problem = "checksum matches but the record is not valid JSON";
            return null;
        }

        return payload;
    }

    private static bool IsJson(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
