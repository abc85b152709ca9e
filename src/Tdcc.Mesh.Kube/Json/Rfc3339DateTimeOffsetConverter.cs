using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Json;

/// <summary>
/// Kubernetes timestamps: RFC 3339 in UTC with a <c>Z</c> suffix (<c>2024-01-02T03:04:05Z</c>).
/// Sub-second precision (<c>metav1.MicroTime</c>) is written with six digits only when present.
/// </summary>
/// <remarks>
/// Together with <see cref="ImmutableArrayConverterFactory"/> this is the supported way for typed custom kinds in
/// other assemblies to serialize like the built-in kinds: list both in the <c>Converters</c> of the kind's
/// <see cref="JsonSourceGenerationOptionsAttribute"/>, as <see cref="KubeJsonContext"/> does.
/// </remarks>
public sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString() ?? throw new JsonException("timestamp must be a string");
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new JsonException($"invalid RFC 3339 timestamp '{text}'");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>Formats a timestamp the way the API server does.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var format = utc.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";
        return utc.ToString(format, CultureInfo.InvariantCulture);
    }
}
