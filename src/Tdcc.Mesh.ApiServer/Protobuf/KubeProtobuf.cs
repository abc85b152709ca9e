using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies: the magic <c>k8s\0</c>, then a runtime.Unknown
/// (typeMeta, raw) whose raw bytes are the typed object. Only the kinds <see cref="CoreMessages.Find"/> knows are decoded.
/// </summary>
internal static class KubeProtobuf
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    /// <summary>The object as JSON, or null when its kind is not one this server decodes from protobuf.</summary>
    /// <exception cref="FormatException">The body is not a Kubernetes protobuf envelope.</exception>
    public static JsonObject? Decode(ReadOnlySpan<byte> body, out string apiVersion, out string kind)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("the body does not start with the Kubernetes protobuf prefix");
        }

        apiVersion = string.Empty;
        kind = string.Empty;
        var raw = ReadOnlySpan<byte>.Empty;
        var reader = new ProtoReader(body[Magic.Length..]);
        while (!reader.AtEnd)
        {
            var (field, wireType) = reader.ReadKey();
            if (field == 1 && wireType == 2)
            {
                var typeMeta = new ProtoReader(reader.ReadLengthDelimited());
                while (!typeMeta.AtEnd)
                {
                    var (metaField, metaWire) = typeMeta.ReadKey();
                    if (metaField is 1 or 2 && metaWire == 2)
                    {
                        var value = Encoding.UTF8.GetString(typeMeta.ReadLengthDelimited());
                        (metaField == 1 ? ref apiVersion : ref kind) = value;
                    }
                    else
                    {
                        typeMeta.Skip(metaWire);
                    }
                }
            }
            else if (field == 2 && wireType == 2)
            {
                raw = reader.ReadLengthDelimited();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        if (CoreMessages.Find(apiVersion, kind) is not { } message)
        {
            return null;
        }

        var obj = DecodeMessage(raw, message);
        obj.Insert(0, "apiVersion", apiVersion);
        obj.Insert(1, "kind", kind);
        return obj;
    }

    private static JsonObject DecodeMessage(ReadOnlySpan<byte> data, ProtoMessage message)
    {
        var obj = new JsonObject();
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (!message.Fields.TryGetValue(number, out var field) || field.Type == ProtoFieldType.Skipped)
            {
                reader.Skip(wireType);
                continue;
            }

            ExpectWireType(message, field, wireType);
            switch (field.Type)
            {
                case ProtoFieldType.String:
                    SetUnlessEmpty(obj, field.JsonName, Encoding.UTF8.GetString(reader.ReadLengthDelimited()));
                    break;
                case ProtoFieldType.Bytes:
                    SetUnlessEmpty(obj, field.JsonName, Convert.ToBase64String(reader.ReadLengthDelimited()));
                    break;
                case ProtoFieldType.Bool:
                    obj[field.JsonName] = reader.ReadVarint() != 0;
                    break;
                case ProtoFieldType.Int64:
                    var int64 = unchecked((long)reader.ReadVarint());
                    if (int64 != 0)
                    {
                        obj[field.JsonName] = int64;
                    }

                    break;
                case ProtoFieldType.OptionalInt64:
                    obj[field.JsonName] = unchecked((long)reader.ReadVarint());
                    break;
                case ProtoFieldType.Int32:
                    var int32 = unchecked((int)reader.ReadVarint());
                    if (int32 != 0)
                    {
                        obj[field.JsonName] = int32;
                    }

                    break;
                case ProtoFieldType.Message:
                    obj[field.JsonName] = DecodeMessage(reader.ReadLengthDelimited(), field.Message!);
                    break;
                case ProtoFieldType.RepeatedString:
                    ArrayOf(obj, field.JsonName).Add(Encoding.UTF8.GetString(reader.ReadLengthDelimited()));
                    break;
                case ProtoFieldType.RepeatedMessage:
                    ArrayOf(obj, field.JsonName).Add(DecodeMessage(reader.ReadLengthDelimited(), field.Message!));
                    break;
                case ProtoFieldType.StringMap or ProtoFieldType.BytesMap:
                    var (key, value) = DecodeMapEntry(reader.ReadLengthDelimited(), field.Type == ProtoFieldType.BytesMap);
                    MapOf(obj, field.JsonName)[key] = value;
                    break;
                case ProtoFieldType.Time:
                    var time = DecodeMessage(reader.ReadLengthDelimited(), CoreMessages.Time);
                    if (time["seconds"] is JsonValue seconds && seconds.GetValue<long>() != 0)
                    {
                        obj[field.JsonName] = DateTimeOffset.FromUnixTimeSeconds(seconds.GetValue<long>())
                            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return obj;
    }

    private static (string Key, string Value) DecodeMapEntry(ReadOnlySpan<byte> data, bool bytesValue)
    {
        string key = string.Empty, value = string.Empty;
        var reader = new ProtoReader(data);
        while (!reader.AtEnd)
        {
            var (number, wireType) = reader.ReadKey();
            if (number is 1 or 2 && wireType == 2)
            {
                var bytes = reader.ReadLengthDelimited();
                if (number == 1)
                {
                    key = Encoding.UTF8.GetString(bytes);
                }
                else
                {
                    value = bytesValue ? Convert.ToBase64String(bytes) : Encoding.UTF8.GetString(bytes);
                }
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (key, value);
    }

    private static void ExpectWireType(ProtoMessage message, ProtoField field, int wireType)
    {
        var expected = field.Type is ProtoFieldType.Bool or ProtoFieldType.Int64 or ProtoFieldType.OptionalInt64 or ProtoFieldType.Int32 ? 0 : 2;
        if (wireType != expected)
        {
            throw new FormatException($"{message.Name}.{field.JsonName}: unexpected protobuf wire type {wireType}");
        }
    }

    private static void SetUnlessEmpty(JsonObject obj, string name, string value)
    {
        if (value.Length > 0)
        {
            obj[name] = value;
        }
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
