using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Json;

/// <summary>Reads and writes a <see cref="GenericObject"/> as its raw JSON body.</summary>
internal sealed class GenericObjectConverter : JsonConverter<GenericObject>
{
    public override GenericObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        return JsonNode.Parse(ref reader) is JsonObject obj
            ? GenericObject.FromOwned(obj)
            : throw new JsonException("a Kubernetes object must be a JSON object");
    }

    public override void Write(Utf8JsonWriter writer, GenericObject value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        value.WriteTo(writer);
    }
}
