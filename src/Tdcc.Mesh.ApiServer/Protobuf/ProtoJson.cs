using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// Turns a protobuf message into the JSON kube would serve for it, following a <see cref="ProtoMessage"/> table. A field
/// number the table does not know is an error naming the message and the field (never silently dropped).
/// </summary>
internal static class ProtoJson
{
    /// <exception cref="FormatException">The bytes are not the message, or hold a field the table does not know.</exception>
    public static JsonObject Decode(ReadOnlySpan<byte> data, ProtoMessage message, string path)
    {
        var obj = new JsonObject();
        DecodeInto(obj, data, message, path);
        return obj;
    }

    private static void DecodeInto(JsonObject obj, ReadOnlySpan<byte> data, ProtoMessage message, string path)
    {
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (!message.Fields.TryGetValue(number, out var field))
            {
                throw new FormatException($"{path}: field {number} of {message.Name} is not one this server decodes");
            }

            if (field.Type == ProtoFieldType.Retired)
            {
                reader.Skip(wireType);
                continue;
            }

            var fieldPath = field.JsonName.Length == 0 ? path : $"{path}.{field.JsonName}";
            if (field.Repeated && wireType == 2 && IsVarint(field.Type))
            {
                var packed = new ProtoReader(reader.ReadLengthDelimited());
                while (!packed.AtEnd)
                {
                    ArrayOf(obj, field.JsonName).Add(Scalar(field.Type, packed.ReadVarint()));
                }

                continue;
            }

            if (wireType != (IsVarint(field.Type) ? 0 : 2))
            {
                throw new FormatException($"{fieldPath}: unexpected protobuf wire type {wireType}");
            }

            if (field.Type == ProtoFieldType.Inline)
            {
                DecodeInto(obj, reader.ReadLengthDelimited(), field.Message!, path);
                continue;
            }

            if (IsMap(field.Type))
            {
                var (key, value) = MapEntry(reader.ReadLengthDelimited(), field.Type, fieldPath);
                MapOf(obj, field.JsonName)[key] = value;
                continue;
            }

            var node = IsVarint(field.Type) ? Scalar(field.Type, reader.ReadVarint()) : Value(reader.ReadLengthDelimited(), field, fieldPath);
            if (field.Repeated)
            {
                ArrayOf(obj, field.JsonName).Add(node);
            }
            else if (node is not null && (field.Presence || !IsZero(node)))
            {
                obj[field.JsonName] = node;
            }
        }
    }

    private static JsonNode? Value(ReadOnlySpan<byte> bytes, ProtoField field, string path) => field.Type switch
    {
        ProtoFieldType.String => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
        ProtoFieldType.Bytes => JsonValue.Create(Convert.ToBase64String(bytes)),
        ProtoFieldType.Message => Decode(bytes, field.Message!, path),
        ProtoFieldType.Time => Time(bytes, micro: false),
        ProtoFieldType.MicroTime => Time(bytes, micro: true),
        ProtoFieldType.Duration => JsonValue.Create(GoDuration(unchecked((long)SingleVarint(bytes)))),
        ProtoFieldType.Quantity => JsonValue.Create(SingleString(bytes)),
        ProtoFieldType.IntOrString => IntOrString(bytes, field.Presence),
        ProtoFieldType.RawJson => RawJson(bytes, path),
        _ => throw new FormatException($"{path}: unsupported protobuf field shape {field.Type}"),
    };

    private static JsonValue Scalar(ProtoFieldType type, ulong varint) => type switch
    {
        ProtoFieldType.Bool => JsonValue.Create(varint != 0),
        ProtoFieldType.Int32 => JsonValue.Create(unchecked((int)(long)varint)),
        _ => JsonValue.Create(unchecked((long)varint)),
    };

    private static bool IsVarint(ProtoFieldType type) => type is ProtoFieldType.Bool or ProtoFieldType.Int32 or ProtoFieldType.Int64;

    private static bool IsMap(ProtoFieldType type) =>
        type is ProtoFieldType.StringMap or ProtoFieldType.BytesMap or ProtoFieldType.QuantityMap or ProtoFieldType.TimeMap or ProtoFieldType.StringListMap;

    /// <summary>The zero values JSON's omitempty leaves out (messages are kept: Go writes empty structs as {}).</summary>
    private static bool IsZero(JsonNode node) => node is JsonValue value && (
        (value.TryGetValue<string>(out var s) && s.Length == 0)
        || (value.TryGetValue<bool>(out var b) && !b)
        || (value.TryGetValue<int>(out var i) && i == 0)
        || (value.TryGetValue<long>(out var l) && l == 0));

    private static (string Key, JsonNode? Value) MapEntry(ReadOnlySpan<byte> data, ProtoFieldType type, string path)
    {
        var key = string.Empty;
        JsonNode? value = type == ProtoFieldType.StringListMap ? new JsonArray() : JsonValue.Create(string.Empty);
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number is not (1 or 2) || wireType != 2)
            {
                throw new FormatException($"{path}: unexpected map entry field {number}");
            }

            var bytes = reader.ReadLengthDelimited();
            if (number == 1)
            {
                key = Encoding.UTF8.GetString(bytes);
                continue;
            }

            value = type switch
            {
                ProtoFieldType.StringMap => JsonValue.Create(Encoding.UTF8.GetString(bytes)),
                ProtoFieldType.BytesMap => JsonValue.Create(Convert.ToBase64String(bytes)),
                ProtoFieldType.QuantityMap => JsonValue.Create(SingleString(bytes)),
                ProtoFieldType.TimeMap => Time(bytes, micro: false),
                _ => StringList(bytes),
            };
        }

        return (key, value);
    }

    private static JsonArray StringList(ReadOnlySpan<byte> data)
    {
        var items = new JsonArray();
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number == 1 && wireType == 2)
            {
                items.Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited()));
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return items;
    }

    /// <summary>metav1.Time (RFC 3339, whole seconds) or MicroTime (six fraction digits), in UTC; the zero time is null.</summary>
    private static JsonValue? Time(ReadOnlySpan<byte> data, bool micro)
    {
        long seconds = 0, nanos = 0;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number is 1 or 2 && wireType == 0)
            {
                (number == 1 ? ref seconds : ref nanos) = unchecked((long)reader.ReadVarint());
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (seconds == 0 && nanos == 0)
        {
            return null;
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(micro ? nanos / 1000 * 10 : 0);
        return JsonValue.Create(time.ToString(micro ? "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    /// <summary>intstr.IntOrString: the int or the string its type names; without presence a zero one is left out.</summary>
    private static JsonValue? IntOrString(ReadOnlySpan<byte> data, bool presence)
    {
        long type = 0;
        var intVal = 0;
        var strVal = string.Empty;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            switch (number, wireType)
            {
                case (1, 0):
                    type = unchecked((long)reader.ReadVarint());
                    break;
                case (2, 0):
                    intVal = unchecked((int)(long)reader.ReadVarint());
                    break;
                case (3, 2):
                    strVal = Encoding.UTF8.GetString(reader.ReadLengthDelimited());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        var zero = type == 0 ? intVal == 0 : strVal.Length == 0;
        return zero && !presence ? null : type == 0 ? JsonValue.Create(intVal) : JsonValue.Create(strVal);
    }

    private static JsonNode? RawJson(ReadOnlySpan<byte> data, string path)
    {
        var raw = SingleBytes(data);
        if (raw.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(raw);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: the raw field does not hold JSON: {e.Message}", e);
        }
    }

    /// <summary>Field 1 of a one-field message holding a string (resource.Quantity).</summary>
    private static string SingleString(ReadOnlySpan<byte> data) => Encoding.UTF8.GetString(SingleBytes(data));

    private static ReadOnlySpan<byte> SingleBytes(ReadOnlySpan<byte> data)
    {
        var result = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number == 1 && wireType == 2)
            {
                result = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return result;
    }

    private static ulong SingleVarint(ReadOnlySpan<byte> data)
    {
        ulong result = 0;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number == 1 && wireType == 0)
            {
                result = reader.ReadVarint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return result;
    }

    /// <summary>Go's time.Duration.String(): 1h2m3.5s, 1m0s, 250ms, 0s.</summary>
    internal static string GoDuration(long nanoseconds)
    {
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var sign = nanoseconds < 0 ? "-" : string.Empty;
        var u = nanoseconds == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(nanoseconds);
        if (u < 1_000_000_000)
        {
            var (unit, scale) = u < 1_000 ? ("ns", 1UL) : u < 1_000_000 ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            return sign + Decimal(u / scale, u % scale, scale) + unit;
        }

        var totalSeconds = u / 1_000_000_000;
        var builder = new StringBuilder(sign);
        if (totalSeconds >= 3600)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{totalSeconds / 3600}h");
        }

        if (totalSeconds >= 60)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{totalSeconds / 60 % 60}m");
        }

        return builder.Append(Decimal(totalSeconds % 60, u % 1_000_000_000, 1_000_000_000)).Append('s').ToString();
    }

    private static string Decimal(ulong whole, ulong fraction, ulong scale)
    {
        if (fraction == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }

        var digits = (int)Math.Log10(scale);
        var text = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return string.Create(CultureInfo.InvariantCulture, $"{whole}.{text}");
    }

    private static JsonArray ArrayOf(JsonObject obj, string name)
    {
        if (obj[name] is JsonArray existing)
        {
            return existing;
        }

        var array = new JsonArray();
        obj[name] = array;
        return array;
    }

    private static JsonObject MapOf(JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var map = new JsonObject();
        obj[name] = map;
        return map;
    }
}
