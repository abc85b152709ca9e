using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// The reverse of <see cref="ProtoJson"/>: writes the JSON form of an object as the protobuf message of a
/// <see cref="ProtoMessage"/> table, field by field in field-number order. A JSON member the table does not name is not
/// written (the tables are the upstream types, so a member outside them is not part of the kind's protobuf form).
/// </summary>
internal static class ProtoJsonEncoder
{
    /// <exception cref="FormatException">A value does not have the shape its field needs.</exception>
    public static byte[] Encode(JsonObject obj, ProtoMessage message, string path)
    {
        var writer = new ProtoWriter();
        EncodeInto(writer, obj, message, path);
        return writer.ToArray();
    }

    private static void EncodeInto(ProtoWriter writer, JsonObject obj, ProtoMessage message, string path)
    {
        foreach (var (number, field) in message.Fields.OrderBy(f => f.Key))
        {
            if (field.Type == ProtoFieldType.Retired)
            {
                continue;
            }

            if (field.Type == ProtoFieldType.Inline)
            {
                writer.WriteBytesField(number, Encode(obj, field.Message!, path));
                continue;
            }

            if (!obj.TryGetPropertyValue(field.JsonName, out var node) || node is null)
            {
                continue;
            }

            var fieldPath = $"{path}.{field.JsonName}";
            if (IsMap(field.Type))
            {
                var map = node as JsonObject ?? throw new FormatException($"{fieldPath}: expected an object");
                foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
                {
                    var entry = new ProtoWriter(32);
                    entry.WriteStringField(1, key);
                    if (value is not null)
                    {
                        WriteMapValue(entry, field.Type, value, $"{fieldPath}.{key}");
                    }

                    writer.WriteBytesField(number, entry.Written);
                }

                continue;
            }

            if (field.Repeated)
            {
                var array = node as JsonArray ?? throw new FormatException($"{fieldPath}: expected an array");
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        WriteValue(writer, number, field, item, fieldPath);
                    }
                }

                continue;
            }

            WriteValue(writer, number, field, node, fieldPath);
        }
    }

    private static void WriteValue(ProtoWriter writer, int number, ProtoField field, JsonNode node, string path)
    {
        switch (field.Type)
        {
            case ProtoFieldType.String:
                writer.WriteStringField(number, Text(node, path));
                break;
            case ProtoFieldType.Bytes:
                writer.WriteBytesField(number, Base64(node, path));
                break;
            case ProtoFieldType.Bool:
                writer.WriteVarintField(number, Bool(node, path) ? 1UL : 0UL);
                break;
            case ProtoFieldType.Int32:
            case ProtoFieldType.Int64:
                writer.WriteVarintField(number, unchecked((ulong)Integer(node, path)));
                break;
            case ProtoFieldType.Message:
                writer.WriteBytesField(number, Encode(node as JsonObject ?? throw new FormatException($"{path}: expected an object"), field.Message!, path));
                break;
            case ProtoFieldType.Time:
            case ProtoFieldType.MicroTime:
                writer.WriteBytesField(number, Time(node, path));
                break;
            case ProtoFieldType.Duration:
                var duration = new ProtoWriter(16);
                duration.WriteVarintField(1, unchecked((ulong)GoDuration.Parse(Text(node, path), path)));
                writer.WriteBytesField(number, duration.Written);
                break;
            case ProtoFieldType.Quantity:
                writer.WriteBytesField(number, Quantity(node, path));
                break;
            case ProtoFieldType.IntOrString:
                writer.WriteBytesField(number, IntOrString(node, path));
                break;
            case ProtoFieldType.RawJson:
                var raw = new ProtoWriter(64);
                raw.WriteBytesField(1, JsonDefaults.ToUtf8(node));
                writer.WriteBytesField(number, raw.Written);
                break;
            default:
                throw new FormatException($"{path}: unsupported protobuf field shape {field.Type}");
        }
    }

    private static void WriteMapValue(ProtoWriter entry, ProtoFieldType type, JsonNode value, string path)
    {
        switch (type)
        {
            case ProtoFieldType.StringMap:
                entry.WriteStringField(2, Text(value, path));
                break;
            case ProtoFieldType.BytesMap:
                entry.WriteBytesField(2, Base64(value, path));
                break;
            case ProtoFieldType.QuantityMap:
                entry.WriteBytesField(2, Quantity(value, path));
                break;
            case ProtoFieldType.TimeMap:
                entry.WriteBytesField(2, Time(value, path));
                break;
            default:
                var items = new ProtoWriter(32);
                foreach (var item in value as JsonArray ?? throw new FormatException($"{path}: expected an array"))
                {
                    items.WriteStringField(1, item is null ? string.Empty : Text(item, path));
                }

                entry.WriteBytesField(2, items.Written);
                break;
        }
    }

    private static bool IsMap(ProtoFieldType type) =>
        type is ProtoFieldType.StringMap or ProtoFieldType.BytesMap or ProtoFieldType.QuantityMap or ProtoFieldType.TimeMap or ProtoFieldType.StringListMap;

    private static string Text(JsonNode node, string path) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new FormatException($"{path}: expected a string");

    private static byte[] Base64(JsonNode node, string path)
    {
        try
        {
            return Convert.FromBase64String(Text(node, path));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{path}: not base64: {e.Message}", e);
        }
    }

    private static bool Bool(JsonNode node, string path) =>
        node is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : throw new FormatException($"{path}: expected a boolean");

    private static long Integer(JsonNode node, string path)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue<long>(out var number))
            {
                return number;
            }

            // A value built in code (not parsed) answers only its own CLR type.
            if (value.TryGetValue<int>(out var small))
            {
                return small;
            }

            if (value.TryGetValue<double>(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9.2e18)
            {
                return (long)real;
            }
        }

        throw new FormatException($"{path}: expected an integer");
    }

    /// <summary>resource.Quantity: message { string string = 1 }; a JSON number is its text.</summary>
    private static byte[] Quantity(JsonNode node, string path)
    {
        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.ToJsonString() : Text(node, path);
        var writer = new ProtoWriter(16);
        writer.WriteStringField(1, text);
        return writer.ToArray();
    }

    /// <summary>intstr.IntOrString as gogo writes it: type, intVal and strVal.</summary>
    private static byte[] IntOrString(JsonNode node, string path)
    {
        var writer = new ProtoWriter(16);
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            writer.WriteVarintField(1, 0);
            writer.WriteVarintField(2, unchecked((ulong)Integer(node, path)));
            writer.WriteStringField(3, string.Empty);
        }
        else
        {
            writer.WriteVarintField(1, 1);
            writer.WriteVarintField(2, 0);
            writer.WriteStringField(3, Text(node, path));
        }

        return writer.ToArray();
    }

    /// <summary>metav1.Time / MicroTime: message { int64 seconds = 1; int32 nanos = 2 }.</summary>
    private static byte[] Time(JsonNode node, string path)
    {
        if (!DateTimeOffset.TryParse(Text(node, path), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            throw new FormatException($"{path}: not an RFC 3339 time");
        }

        var writer = new ProtoWriter(16);
        writer.WriteVarintField(1, unchecked((ulong)time.ToUnixTimeSeconds()));
        var nanos = time.UtcTicks % TimeSpan.TicksPerSecond * 100;
        writer.WriteVarintField(2, (ulong)nanos);
        return writer.ToArray();
    }
}
