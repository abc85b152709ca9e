using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies and encodes responses: the magic <c>k8s\0</c>, then
/// a runtime.Unknown (typeMeta, raw, contentEncoding, contentType) whose raw bytes are the typed object, read and
/// written with the tables of <see cref="ProtoKinds"/>.
/// </summary>
internal static class KubeProtobuf
{
    private static readonly byte[] Magic = [0x6b, 0x38, 0x73, 0x00];

    /// <summary>The object as JSON, or null when its kind is not one this server decodes from protobuf.</summary>
    /// <exception cref="FormatException">The body is not a Kubernetes protobuf envelope, or has a field this server does not know.</exception>
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

        if (ProtoKinds.Find(apiVersion, kind) is not { } message)
        {
            return null;
        }

        var obj = ProtoJson.Decode(raw, message, kind);
        obj.Insert(0, "apiVersion", apiVersion);
        obj.Insert(1, "kind", kind);

        // Re-read as JSON text, so that every value behaves as in a JSON body (a JsonValue made from an int answers
        // TryGetValue<long> false; one parsed from text answers every numeric type).
        return JsonNode.Parse(obj.ToJsonString())!.AsObject();
    }

    /// <summary>Whether objects of <paramref name="apiVersion"/>/<paramref name="kind"/> can be written as protobuf.</summary>
    public static bool CanEncode(string apiVersion, string kind) => ProtoKinds.Find(apiVersion, kind) is not null;

    /// <summary>The object (its apiVersion and kind name the message) in the Kubernetes protobuf envelope.</summary>
    /// <exception cref="FormatException">The kind has no protobuf table, or a value does not fit its field.</exception>
    public static byte[] Encode(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = (string?)obj["apiVersion"] ?? string.Empty;
        var kind = (string?)obj["kind"] ?? string.Empty;
        var message = ProtoKinds.Find(apiVersion, kind)
            ?? throw new FormatException($"{apiVersion}/{kind} has no protobuf form on this server");
        return Envelope(apiVersion, kind, ProtoJsonEncoder.Encode(obj, message, kind));
    }

    /// <summary>runtime.Unknown after the magic: typeMeta {apiVersion, kind}, raw, and empty contentEncoding and contentType, as kube writes them.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ReadOnlySpan<byte> raw)
    {
        var typeMeta = new ProtoWriter(64);
        typeMeta.WriteStringField(1, apiVersion);
        typeMeta.WriteStringField(2, kind);
        var writer = new ProtoWriter(raw.Length + 96);
        writer.WriteRaw(Magic);
        writer.WriteBytesField(1, typeMeta.Written);
        writer.WriteBytesField(2, raw);
        writer.WriteStringField(3, string.Empty);
        writer.WriteStringField(4, string.Empty);
        return writer.ToArray();
    }

    /// <summary>
    /// One frame of a <c>;stream=watch</c> protobuf watch: a 4-byte big-endian length, then metav1.WatchEvent {type = 1,
    /// object = 2: RawExtension {raw = 1: the object in its envelope}} without an envelope of its own (kube's stream
    /// serializer writes the event raw, and the object with the full serializer).
    /// </summary>
    public static byte[] WatchEventFrame(string type, ReadOnlySpan<byte> objectEnvelope)
    {
        var rawExtension = new ProtoWriter(objectEnvelope.Length + 8);
        rawExtension.WriteBytesField(1, objectEnvelope);
        var watchEvent = new ProtoWriter(objectEnvelope.Length + 32);
        watchEvent.WriteStringField(1, type);
        watchEvent.WriteBytesField(2, rawExtension.Written);
        var frame = new byte[4 + watchEvent.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, watchEvent.Length);
        watchEvent.Written.CopyTo(frame.AsSpan(4));
        return frame;
    }
}
