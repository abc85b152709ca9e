using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Tdcc.Mesh.Kube.Json;

/// <summary>
/// Reads JSON arrays into <see cref="ImmutableArray{T}"/>, and <c>null</c> (Go's nil slice) into an empty array
/// instead of failing; writes a default (uninitialized) array as <c>[]</c>.
/// </summary>
/// <remarks>
/// Together with <see cref="Rfc3339DateTimeOffsetConverter"/> this is the supported way for typed custom kinds in
/// other assemblies to serialize like the built-in kinds: list both in the <c>Converters</c> of the kind's
/// <see cref="JsonSourceGenerationOptionsAttribute"/>, as <see cref="KubeJsonContext"/> does.
/// </remarks>
public sealed class ImmutableArrayConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(ImmutableArray<>);

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        var converterType = typeof(ImmutableArrayConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]);
        return (JsonConverter?)Activator.CreateInstance(converterType);
    }

    private sealed class ImmutableArrayConverter<T> : JsonConverter<ImmutableArray<T>>
    {
        public override bool HandleNull => true;

        public override ImmutableArray<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null)
            {
                return [];
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException($"expected an array, got {reader.TokenType}");
            }

            var element = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            var builder = ImmutableArray.CreateBuilder<T>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                builder.Add(JsonSerializer.Deserialize(ref reader, element)!);
            }

            return builder.ToImmutable();
        }

        public override void Write(Utf8JsonWriter writer, ImmutableArray<T> value, JsonSerializerOptions options)
        {
            var element = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
            writer.WriteStartArray();
            foreach (var item in value.IsDefault ? [] : value)
            {
                JsonSerializer.Serialize(writer, item, element);
            }

            writer.WriteEndArray();
        }
    }
}
