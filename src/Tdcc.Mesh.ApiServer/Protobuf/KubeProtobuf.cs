using System.Text;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// Decodes <c>application/vnd.kubernetes.protobuf</c> request bodies: the magic <c>k8s\0</c>, then a runtime.Unknown
/// (typeMeta, raw) whose raw bytes are the typed object, decoded with the tables of <see cref="ProtoKinds"/>.
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
}
